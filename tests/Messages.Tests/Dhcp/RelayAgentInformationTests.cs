using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;
using static StaticDhcpd.Messages.Tests.Dhcp.WireOptions;

namespace StaticDhcpd.Messages.Tests.Dhcp;

/// <summary>RFC 3046 option 82 and its sub-options, RFC 3527 link selection.</summary>
public class RelayAgentInformationTests
{
    // circuit-id "eth0/1", remote-id 00:11:22:33:44:55 (type 0, len 6), link-selection 10.20.0.0, unknown sub-option 9.
    internal static readonly byte[] Option82 =
    [
        1, 6, (byte)'e', (byte)'t', (byte)'h', (byte)'0', (byte)'/', (byte)'1',
        2, 8, 0, 6, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
        5, 4, 10, 20, 0, 0,
        9, 3, 0xDE, 0xAD, 0x00,
    ];

    [Fact]
    public void Sub_options_are_read_and_unknown_ones_kept_raw()
    {
        var p = DhcpCodec.Decode(Packet([.. Option(53, 1), .. Option(82, Option82), 255])).Packet!;
        var info = p.Options.RelayAgentInformation!;

        Assert.Equal("eth0/1"u8.ToArray(), info.CircuitId);
        Assert.Equal(new byte[] { 0, 6, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 }, info.RemoteId);
        Assert.Equal(Ipv4Address.Parse("10.20.0.0"), info.LinkSelection);
        Assert.Equal([1, 2, 5, 9], info.SubOptions.Select(s => s.Code));
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0x00 }, info.Find(9));
        Assert.Equal(Option82, p.Options.Get(DhcpOptionCode.RelayAgentInformation));
        Assert.Equal(Option82, info.Encode());
    }

    [Fact]
    public void Malformed_sub_options_give_no_parsed_view_but_keep_the_raw_bytes()
    {
        byte[] bad = [1, 9, 1, 2];
        var p = DhcpCodec.Decode(Packet([.. Option(53, 1), .. Option(82, bad), 255])).Packet!;
        Assert.Null(p.Options.RelayAgentInformation);
        Assert.Equal(bad, p.Options.Get(DhcpOptionCode.RelayAgentInformation));
    }

    [Fact]
    public void A_link_selection_of_the_wrong_size_reads_as_absent()
    {
        var info = RelayAgentInformation.Parse([5, 3, 10, 0, 0])!;
        Assert.Null(info.LinkSelection);
    }
}
