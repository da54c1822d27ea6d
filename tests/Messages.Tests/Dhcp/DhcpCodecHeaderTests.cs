using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Messages.Tests.Dhcp;

public class DhcpCodecHeaderTests
{
    private static DhcpPacket SamplePacket()
    {
        var p = new DhcpPacket
        {
            Op = BootOp.BootRequest,
            Hops = 2,
            TransactionId = 0x12345678,
            Seconds = 7,
            ClientAddress = Ipv4Address.Parse("10.0.0.5"),
            YourAddress = Ipv4Address.Parse("10.0.0.6"),
            ServerAddress = Ipv4Address.Parse("10.0.0.7"),
            RelayAddress = Ipv4Address.Parse("10.9.0.1"),
            ClientMac = MacAddress.Parse("52:54:00:ab:cd:ef"),
            ServerNameText = "boot-server",
            BootFileText = "pxelinux.0",
        };
        p.BroadcastFlag = true;
        p.Options.MessageType = DhcpMessageType.Request;
        p.Options.HostName = "alpha";
        return p;
    }

    [Fact]
    public void Header_fields_sit_at_their_RFC_2131_offsets()
    {
        var b = DhcpCodec.Encode(SamplePacket());

        Assert.Equal(300, b.Length); // padded to the BOOTP minimum
        Assert.Equal(new byte[] { 1, 1, 6, 2, 0x12, 0x34, 0x56, 0x78, 0, 7, 0x80, 0 }, b[..12]);
        Assert.Equal(new byte[] { 10, 0, 0, 5, 10, 0, 0, 6, 10, 0, 0, 7, 10, 9, 0, 1 }, b[12..28]);
        Assert.Equal(new byte[] { 0x52, 0x54, 0, 0xab, 0xcd, 0xef, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, b[28..44]);
        Assert.Equal("boot-server"u8.ToArray(), b[44..55]);
        Assert.Equal("pxelinux.0"u8.ToArray(), b[108..118]);
        Assert.Equal(new byte[] { 0x63, 0x82, 0x53, 0x63 }, b[236..240]);
        Assert.Equal(new byte[] { 53, 1, 3, 12, 5, (byte)'a', (byte)'l', (byte)'p', (byte)'h', (byte)'a', 255 }, b[240..251]);
        Assert.All(b[251..], x => Assert.Equal(0, x));
    }

    [Fact]
    public void Decode_of_encode_gives_the_packet_back()
    {
        var p = SamplePacket();
        var r = DhcpCodec.Decode(DhcpCodec.Encode(p));

        Assert.True(r.Ok, r.Error.ToString());
        PacketAssert.Equal(p, r.Packet!);
        Assert.True(r.Packet!.BroadcastFlag);
        Assert.Equal(MacAddress.Parse("52:54:00:ab:cd:ef"), r.Packet.ClientMac);
        Assert.Equal("boot-server", r.Packet.ServerNameText);
        Assert.Equal("pxelinux.0", r.Packet.BootFileText);
        Assert.Equal(DhcpMessageType.Request, r.Packet.MessageType);
    }

    [Fact]
    public void Broadcast_flag_is_bit_15_and_leaves_the_other_bits_alone()
    {
        var p = new DhcpPacket { Flags = 0x0001 };
        p.BroadcastFlag = true;
        Assert.Equal(0x8001, p.Flags);
        p.BroadcastFlag = false;
        Assert.Equal(0x0001, p.Flags);
    }

    [Fact]
    public void Fixed_size_fields_refuse_the_wrong_length()
    {
        var p = new DhcpPacket();
        Assert.Throws<ArgumentException>(() => p.ClientHardwareAddress = new byte[6]);
        Assert.Throws<ArgumentException>(() => p.ServerName = new byte[10]);
        Assert.Throws<ArgumentException>(() => p.BootFile = new byte[64]);
        Assert.Throws<ArgumentException>(() => p.ServerNameText = new string('x', 64));
    }

    [Fact]
    public void Unknown_options_survive_a_round_trip_in_order()
    {
        var p = SamplePacket();
        p.Options.Set((DhcpOptionCode)224, [1, 2, 3]);
        p.Options.Set((DhcpOptionCode)150, [10, 0, 0, 1]);
        p.Options.Set((DhcpOptionCode)251, []);

        var back = DhcpCodec.Decode(DhcpCodec.Encode(p)).Packet!;

        Assert.Equal(new byte[] { 53, 12, 224, 150, 251 }, back.Options.Select(o => (byte)o.Key));
        Assert.Equal(new byte[] { 1, 2, 3 }, back.Options.Get((DhcpOptionCode)224));
        Assert.Empty(back.Options.Get((DhcpOptionCode)251)!);
    }

    [Fact]
    public void Pad_options_between_options_are_skipped()
    {
        var bytes = WireOptions.Packet([0, 0, .. WireOptions.Option(53, 1), 0, .. WireOptions.Option(12, (byte)'h'), 255]);
        var r = DhcpCodec.Decode(bytes);
        Assert.True(r.Ok, r.Error.ToString());
        Assert.Equal("h", r.Packet!.Options.HostName);
    }

    [Fact]
    public void Options_after_END_are_ignored()
    {
        var bytes = WireOptions.Packet([.. WireOptions.Option(53, 1), 255, .. WireOptions.Option(12, (byte)'h')]);
        var r = DhcpCodec.Decode(bytes);
        Assert.True(r.Ok, r.Error.ToString());
        Assert.Null(r.Packet!.Options.HostName);
    }
}
