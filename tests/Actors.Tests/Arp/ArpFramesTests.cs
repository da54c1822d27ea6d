using System.Net;
using PacketDotNet;
using StaticDhcpd.Actors.Arp;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Arp;

public class ArpFramesTests
{
    private static readonly MacAddress Own = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly MacAddress Host = MacAddress.Parse("02:aa:00:00:00:07");

    [Fact]
    public void A_probe_is_a_broadcast_request_for_the_address_from_0_0_0_0()
    {
        var frame = ArpFrames.Probe(Own, Ipv4Address.Parse("10.77.100.10"));
        Assert.Equal(42, frame.Length);
        Assert.Equal(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06 }, frame[..14]);
        var arp = frame.AsSpan(14);
        Assert.Equal(new byte[] { 0, 1, 8, 0, 6, 4, 0, 1 }, arp[..8].ToArray()); // Ethernet, IPv4, request
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 1, 0, 0, 0, 0 }, arp[8..18].ToArray()); // sender MAC, sender IP 0
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 10, 77, 100, 10 }, arp[18..28].ToArray());
    }

    [Fact]
    public void A_reply_gives_the_address_and_the_mac_that_answered()
    {
        var reply = Frame(ArpOperation.Response, "10.77.100.10", Host);
        Assert.True(ArpFrames.TryReadReply(reply, out var address, out var mac));
        Assert.Equal((Ipv4Address.Parse("10.77.100.10"), Host), (address, mac));
    }

    [Fact]
    public void A_request_a_truncated_frame_and_an_ipv4_frame_are_not_replies()
    {
        Assert.False(ArpFrames.TryReadReply(Frame(ArpOperation.Request, "10.77.100.10", Host), out _, out _));
        Assert.False(ArpFrames.TryReadReply(Frame(ArpOperation.Response, "10.77.100.10", Host)[..20], out _, out _));
        var udp = StaticDhcpd.Actors.Sockets.UdpFrameBuilder.Build(Host, Own, Ipv4Address.Parse("10.77.100.10"),
            Ipv4Address.Parse("10.77.0.1"), 68, 67, new byte[10]);
        Assert.False(ArpFrames.TryReadReply(udp, out _, out _));
    }

    private static byte[] Frame(ArpOperation op, string senderIp, MacAddress senderMac)
    {
        var arp = new ArpPacket(op, Own.ToPhysicalAddress(), IPAddress.Any, senderMac.ToPhysicalAddress(), IPAddress.Parse(senderIp));
        return new EthernetPacket(senderMac.ToPhysicalAddress(), Own.ToPhysicalAddress(), EthernetType.Arp) { PayloadPacket = arp }.Bytes;
    }
}
