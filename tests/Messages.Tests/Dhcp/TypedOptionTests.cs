using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Messages.Tests.Dhcp;

/// <summary>Each typed accessor writes the RFC's bytes, and reads them back after a trip through the codec.</summary>
public class TypedOptionTests
{
    private static readonly Ipv4Address A = Ipv4Address.Parse("192.0.2.1");
    private static readonly Ipv4Address B = Ipv4Address.Parse("192.0.2.2");

    private static DhcpOptions RoundTrip(Action<DhcpOptions> set)
    {
        var p = new DhcpPacket();
        p.Options.MessageType = DhcpMessageType.Ack;
        set(p.Options);
        var r = DhcpCodec.Decode(DhcpCodec.Encode(p, 1500));
        Assert.True(r.Ok, r.Error.ToString());
        return r.Packet!.Options;
    }

    [Fact]
    public void Message_type_is_one_byte()
    {
        var o = RoundTrip(x => x.MessageType = DhcpMessageType.Inform);
        Assert.Equal(new byte[] { 8 }, o.Get(DhcpOptionCode.DhcpMessageType));
        Assert.Equal(DhcpMessageType.Inform, o.MessageType);
    }

    [Fact]
    public void Addresses_are_four_bytes_each()
    {
        var o = RoundTrip(x =>
        {
            x.RequestedAddress = A;
            x.ServerIdentifier = B;
            x.SubnetMask = Ipv4Address.Parse("255.255.255.0");
            x.BroadcastAddress = Ipv4Address.Parse("192.0.2.255");
            x.SubnetSelection = Ipv4Address.Parse("198.51.100.0");
            x.Routers = [A, B];
            x.DomainNameServers = [B];
            x.NtpServers = [A];
        });
        Assert.Equal(new byte[] { 192, 0, 2, 1 }, o.Get(DhcpOptionCode.RequestedIpAddress));
        Assert.Equal(A, o.RequestedAddress);
        Assert.Equal(B, o.ServerIdentifier);
        Assert.Equal(Ipv4Address.Parse("255.255.255.0"), o.SubnetMask);
        Assert.Equal(Ipv4Address.Parse("192.0.2.255"), o.BroadcastAddress);
        Assert.Equal(new byte[] { 198, 51, 100, 0 }, o.Get(DhcpOptionCode.SubnetSelection));
        Assert.Equal(Ipv4Address.Parse("198.51.100.0"), o.SubnetSelection);
        Assert.Equal(new byte[] { 192, 0, 2, 1, 192, 0, 2, 2 }, o.Get(DhcpOptionCode.Router));
        Assert.Equal([A, B], o.Routers!);
        Assert.Equal([B], o.DomainNameServers!);
        Assert.Equal([A], o.NtpServers!);
    }

    [Fact]
    public void Times_are_big_endian_uint32()
    {
        var o = RoundTrip(x => { x.LeaseTime = 3600; x.RenewalTime = 1800; x.RebindingTime = 3150; });
        Assert.Equal(new byte[] { 0, 0, 0x0E, 0x10 }, o.Get(DhcpOptionCode.IpAddressLeaseTime));
        Assert.Equal(3600u, o.LeaseTime);
        Assert.Equal(1800u, o.RenewalTime);
        Assert.Equal(3150u, o.RebindingTime);
    }

    [Fact]
    public void Strings_are_plain_bytes_and_trailing_NULs_are_dropped_on_read()
    {
        var o = RoundTrip(x => { x.HostName = "alpha"; x.DomainName = "example.org"; });
        Assert.Equal("alpha"u8.ToArray(), o.Get(DhcpOptionCode.HostName));
        Assert.Equal("alpha", o.HostName);
        Assert.Equal("example.org", o.DomainName);

        var withNul = new DhcpOptions();
        withNul.Set(DhcpOptionCode.HostName, [(byte)'p', (byte)'c', 0]);
        Assert.Equal("pc", withNul.HostName);
    }

    [Fact]
    public void Parameter_request_list_max_size_and_client_id_keep_their_bytes()
    {
        var o = RoundTrip(x =>
        {
            x.ParameterRequestList = [1, 3, 6, 15];
            x.MaximumMessageSize = 1500;
            x.ClientIdentifier = [1, 0x52, 0x54, 0, 1, 2, 3];
        });
        Assert.Equal(new byte[] { 1, 3, 6, 15 }, o.ParameterRequestList);
        Assert.Equal(new byte[] { 0x05, 0xDC }, o.Get(DhcpOptionCode.MaximumDhcpMessageSize));
        Assert.Equal((ushort)1500, o.MaximumMessageSize);
        Assert.Equal(new byte[] { 1, 0x52, 0x54, 0, 1, 2, 3 }, o.ClientIdentifier);
    }

    [Fact]
    public void Rapid_commit_is_a_zero_length_option()
    {
        var p = new DhcpPacket();
        p.Options.MessageType = DhcpMessageType.Discover;
        p.Options.RapidCommit = true;
        var bytes = DhcpCodec.Encode(p);
        Assert.Contains(WireOptions.Read(bytes), o => o.Code == 80 && o.Value.Length == 0);
        Assert.True(DhcpCodec.Decode(bytes).Packet!.Options.RapidCommit);

        p.Options.RapidCommit = false;
        Assert.False(p.Options.Contains(DhcpOptionCode.RapidCommit));
    }

    [Fact]
    public void Setting_null_removes_and_getters_return_null_when_absent_or_malformed()
    {
        var o = new DhcpOptions();
        o.LeaseTime = 60;
        o.LeaseTime = null;
        Assert.False(o.Contains(DhcpOptionCode.IpAddressLeaseTime));
        Assert.Null(o.ServerIdentifier);

        o.Set(DhcpOptionCode.ServerIdentifier, [1, 2, 3]);
        o.Set(DhcpOptionCode.DhcpMessageType, [99]);
        o.Set(DhcpOptionCode.Router, [1, 2, 3, 4, 5]);
        o.Set(DhcpOptionCode.IpForwarding, [2]);
        Assert.Null(o.ServerIdentifier);
        Assert.Null(o.MessageType);
        Assert.Null(o.Routers);
        Assert.Null(o.GetBool(DhcpOptionCode.IpForwarding));
    }

    [Fact]
    public void Empty_lists_remove_the_option_instead_of_writing_a_malformed_one()
    {
        var o = new DhcpOptions { Routers = [A] };
        o.Routers = [];
        Assert.False(o.Contains(DhcpOptionCode.Router));
    }

    [Fact]
    public void Set_keeps_the_position_of_an_option_it_replaces()
    {
        var o = new DhcpOptions();
        o.MessageType = DhcpMessageType.Offer;
        o.LeaseTime = 10;
        o.HostName = "x";
        o.LeaseTime = 20;
        Assert.Equal([DhcpOptionCode.DhcpMessageType, DhcpOptionCode.IpAddressLeaseTime, DhcpOptionCode.HostName],
            o.Select(e => e.Key));
        Assert.Equal(3, o.Count);
    }

    [Fact]
    public void Pad_and_End_are_not_options()
    {
        var o = new DhcpOptions();
        Assert.Throws<ArgumentException>(() => o.Set(DhcpOptionCode.Pad, [1]));
        Assert.Throws<ArgumentException>(() => o.Set(DhcpOptionCode.End, []));
    }

    [Fact]
    public void Clone_does_not_share_values()
    {
        var o = new DhcpOptions();
        o.Set(DhcpOptionCode.VendorSpecificInformation, [1, 2]);
        var c = o.Clone();
        c.Get(DhcpOptionCode.VendorSpecificInformation)![0] = 9;
        Assert.Equal(1, o.Get(DhcpOptionCode.VendorSpecificInformation)![0]);
    }

    [Fact]
    public void Generic_accessors_cover_every_value_shape()
    {
        var o = RoundTrip(x =>
        {
            x.SetInt32(DhcpOptionCode.TimeOffset, -3600);
            x.SetUInt16(DhcpOptionCode.InterfaceMtu, 9000);
            x.SetUInt16s(DhcpOptionCode.PathMtuPlateauTable, [68, 296, 1500]);
            x.SetByte(DhcpOptionCode.DefaultIpTimeToLive, 64);
            x.SetBool(DhcpOptionCode.IpForwarding, false);
            x.SetBool(DhcpOptionCode.AllSubnetsAreLocal, true);
            x.SetAddressPairs(DhcpOptionCode.StaticRoute, [new(A, B)]);
            x.SetUInt32(DhcpOptionCode.ArpCacheTimeout, 120);
            x.SetString(DhcpOptionCode.TftpServerName, "tftp.example");
        });
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xF1, 0xF0 }, o.Get(DhcpOptionCode.TimeOffset));
        Assert.Equal(-3600, o.GetInt32(DhcpOptionCode.TimeOffset));
        Assert.Equal((ushort)9000, o.GetUInt16(DhcpOptionCode.InterfaceMtu));
        Assert.Equal(new ushort[] { 68, 296, 1500 }, o.GetUInt16s(DhcpOptionCode.PathMtuPlateauTable));
        Assert.Equal((byte)64, o.GetByte(DhcpOptionCode.DefaultIpTimeToLive));
        Assert.Equal(new byte[] { 0 }, o.Get(DhcpOptionCode.IpForwarding));
        Assert.False(o.GetBool(DhcpOptionCode.IpForwarding));
        Assert.True(o.GetBool(DhcpOptionCode.AllSubnetsAreLocal));
        Assert.Equal([new Ipv4AddressPair(A, B)], o.GetAddressPairs(DhcpOptionCode.StaticRoute)!);
        Assert.Equal(120u, o.GetUInt32(DhcpOptionCode.ArpCacheTimeout));
        Assert.Equal("tftp.example", o.GetString(DhcpOptionCode.TftpServerName));
    }
}
