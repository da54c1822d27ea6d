using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;
using static StaticDhcpd.Messages.Tests.Dhcp.WireOptions;

namespace StaticDhcpd.Messages.Tests.Dhcp;

/// <summary>Option 52: options continue in file (1), sname (2) or both (3); RFC 2131 §4.1, RFC 2132 §9.3.</summary>
public class OptionOverloadTests
{
    private static byte[] Overloaded(byte value, byte[] file, byte[] sname, byte[]? main = null)
    {
        var b = Packet([.. Option(53, 5), .. Option(52, value), .. main ?? [], 255]);
        file.CopyTo(b, 108);
        sname.CopyTo(b, 44);
        return b;
    }

    [Fact]
    public void Options_in_file_and_sname_are_read_and_the_fields_come_back_empty()
    {
        var b = Overloaded(3,
            file: [.. Option(12, "host"u8.ToArray()), 255],
            sname: [.. Option(15, "example.org"u8.ToArray()), 255]);

        var r = DhcpCodec.Decode(b);

        Assert.True(r.Ok, r.Error.ToString());
        var p = r.Packet!;
        Assert.Equal("host", p.Options.HostName);
        Assert.Equal("example.org", p.Options.DomainName);
        Assert.False(p.Options.Contains(DhcpOptionCode.OptionOverload));
        Assert.All(p.BootFile, x => Assert.Equal(0, x));
        Assert.All(p.ServerName, x => Assert.Equal(0, x));
    }

    [Fact]
    public void Overload_1_reads_only_file_and_keeps_sname_as_a_name()
    {
        var b = Overloaded(1, file: [.. Option(12, "host"u8.ToArray()), 255], sname: "tftp-server"u8.ToArray());
        var p = DhcpCodec.Decode(b).Packet!;
        Assert.Equal("host", p.Options.HostName);
        Assert.Equal("tftp-server", p.ServerNameText);
    }

    [Fact]
    public void Overload_2_reads_only_sname_and_keeps_file_as_a_name()
    {
        var b = Overloaded(2, file: "pxelinux.0"u8.ToArray(), sname: [.. Option(12, "host"u8.ToArray()), 255]);
        var p = DhcpCodec.Decode(b).Packet!;
        Assert.Equal("host", p.Options.HostName);
        Assert.Equal("pxelinux.0", p.BootFileText);
    }

    [Fact]
    public void A_value_split_across_options_file_and_sname_is_concatenated_in_that_order()
    {
        var b = Overloaded(3,
            main: Option(12, (byte)'a'),
            file: [.. Option(12, (byte)'b'), 255],
            sname: [.. Option(12, (byte)'c'), 255]);
        Assert.Equal("abc", DhcpCodec.Decode(b).Packet!.Options.HostName);
    }

    [Fact]
    public void What_fits_nowhere_is_left_out_with_everything_after_it()
    {
        var p = new DhcpPacket { Op = BootOp.BootReply };
        p.Options.MessageType = DhcpMessageType.Ack;
        p.Options.ServerIdentifier = Ipv4Address.Parse("192.0.2.1");
        p.Options.Set(DhcpOptionCode.VendorSpecificInformation, new byte[250]); // 252 on the wire
        p.Options.Set((DhcpOptionCode)224, Enumerable.Repeat((byte)7, 100).ToArray());
        p.Options.Set((DhcpOptionCode)225, Enumerable.Repeat((byte)8, 40).ToArray());

        var bytes = DhcpCodec.Encode(p, 300); // 59 bytes of options room

        // 43 fits no field, so it and everything after it are left out (later options first);
        // what remains fits without overload.
        Assert.Equal(300, bytes.Length);
        Assert.Equal([53, 54], Read(bytes).Select(o => o.Code));
        var r = DhcpCodec.Decode(bytes);
        Assert.True(r.Ok, r.Error.ToString());
        Assert.Equal([DhcpOptionCode.DhcpMessageType, DhcpOptionCode.ServerIdentifier], r.Packet!.Options.Select(o => o.Key));
    }

    [Fact]
    public void Encoded_overload_decodes_to_the_same_options()
    {
        var p = new DhcpPacket { Op = BootOp.BootReply };
        p.Options.MessageType = DhcpMessageType.Ack;
        p.Options.Set((DhcpOptionCode)224, Enumerable.Repeat((byte)1, 50).ToArray()); // fills main (59)
        p.Options.Set((DhcpOptionCode)225, Enumerable.Repeat((byte)2, 100).ToArray()); // to file
        p.Options.Set((DhcpOptionCode)226, Enumerable.Repeat((byte)3, 40).ToArray());  // to sname

        var bytes = DhcpCodec.Encode(p, 300);

        Assert.Equal(new byte[] { 3 }, Read(bytes).Single(o => o.Code == 52).Value);
        Assert.Equal([225], Read(bytes, 108, 128).Select(o => o.Code));
        Assert.Equal([226], Read(bytes, 44, 64).Select(o => o.Code));
        PacketAssert.Equal(p, DhcpCodec.Decode(bytes).Packet!);
    }

    [Fact]
    public void A_file_field_in_use_is_never_overwritten()
    {
        var p = new DhcpPacket { Op = BootOp.BootReply, BootFileText = "pxelinux.0" };
        p.Options.MessageType = DhcpMessageType.Ack;
        p.Options.Set((DhcpOptionCode)224, Enumerable.Repeat((byte)1, 50).ToArray());
        p.Options.Set((DhcpOptionCode)226, Enumerable.Repeat((byte)3, 40).ToArray());

        var bytes = DhcpCodec.Encode(p, 300);

        Assert.Equal(new byte[] { 2 }, Read(bytes).Single(o => o.Code == 52).Value);
        var back = DhcpCodec.Decode(bytes).Packet!;
        Assert.Equal("pxelinux.0", back.BootFileText);
        PacketAssert.Equal(p, back);
    }

    [Fact]
    public void The_message_type_is_never_left_out_even_when_it_comes_last()
    {
        var p = new DhcpPacket();
        p.Options.Set(DhcpOptionCode.VendorSpecificInformation, new byte[400]);
        p.Options.HostName = "h";
        p.Options.MessageType = DhcpMessageType.Discover;

        var r = DhcpCodec.Decode(DhcpCodec.Encode(p, 300));

        Assert.True(r.Ok, r.Error.ToString());
        Assert.Equal([DhcpOptionCode.DhcpMessageType], r.Packet!.Options.Select(o => o.Key));
    }

    [Fact]
    public void An_overload_option_in_the_packet_options_is_ignored_by_encode()
    {
        var p = new DhcpPacket();
        p.Options.MessageType = DhcpMessageType.Discover;
        p.Options.SetByte(DhcpOptionCode.OptionOverload, 3);
        Assert.DoesNotContain(Read(DhcpCodec.Encode(p)), o => o.Code == 52);
    }
}
