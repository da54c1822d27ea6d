using StaticDhcpd.Messages.Dhcp;
using Xunit;
using static StaticDhcpd.Messages.Tests.Dhcp.WireOptions;

namespace StaticDhcpd.Messages.Tests.Dhcp;

/// <summary>RFC 3396: values over 255 bytes travel as consecutive instances; instances of a code concatenate.</summary>
public class LongOptionTests
{
    [Fact]
    public void A_600_byte_value_is_split_into_255_255_90()
    {
        var value = Enumerable.Range(0, 600).Select(i => (byte)i).ToArray();
        var p = new DhcpPacket();
        p.Options.MessageType = DhcpMessageType.Offer;
        p.Options.Set(DhcpOptionCode.VendorSpecificInformation, value);

        var bytes = DhcpCodec.Encode(p, 1500);
        var wire = Read(bytes).Where(o => o.Code == 43).ToList();

        Assert.Equal([255, 255, 90], wire.Select(o => o.Value.Length));
        Assert.Equal(value, wire.SelectMany(o => o.Value));
        Assert.Equal(value, DhcpCodec.Decode(bytes).Packet!.Options.Get(DhcpOptionCode.VendorSpecificInformation));
    }

    [Fact]
    public void A_value_of_exactly_255_bytes_is_one_instance()
    {
        var p = new DhcpPacket();
        p.Options.MessageType = DhcpMessageType.Offer;
        p.Options.Set(DhcpOptionCode.VendorSpecificInformation, new byte[255]);
        Assert.Single(Read(DhcpCodec.Encode(p, 1500)), o => o.Code == 43);
    }

    [Fact]
    public void Instances_of_a_code_are_concatenated_in_order_even_when_not_adjacent()
    {
        var bytes = Packet([.. Option(12, (byte)'a', (byte)'b'), .. Option(53, 1), .. Option(12, (byte)'c'), 255]);
        var o = DhcpCodec.Decode(bytes).Packet!.Options;
        Assert.Equal("abc", o.HostName);
        Assert.Equal([DhcpOptionCode.HostName, DhcpOptionCode.DhcpMessageType], o.Select(e => e.Key));
    }

    [Fact]
    public void Length_checks_apply_to_the_concatenated_value()
    {
        // Two 2-byte halves of a server identifier make one valid 4-byte address.
        var bytes = Packet([.. Option(53, 1), .. Option(54, 10, 0), .. Option(54, 0, 1), 255]);
        var r = DhcpCodec.Decode(bytes);
        Assert.True(r.Ok, r.Error.ToString());
        Assert.Equal("10.0.0.1", r.Packet!.Options.ServerIdentifier.ToString());
    }
}
