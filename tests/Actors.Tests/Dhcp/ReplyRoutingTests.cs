using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;
using static StaticDhcpd.Actors.Tests.Dhcp.TestPackets;

namespace StaticDhcpd.Actors.Tests.Dhcp;

public class ReplyRoutingTests
{
    private static DhcpPacket Offer(DhcpPacket request, string yiaddr = "10.66.0.50")
    {
        var r = DhcpReplyBuilder.CreateReply(request, DhcpMessageType.Offer, ServerId);
        r.YourAddress = Ipv4Address.Parse(yiaddr);
        return r;
    }

    [Fact]
    public void Relayed_requests_are_answered_at_giaddr_port_67()
    {
        var req = Client(DhcpMessageType.Discover, giaddr: "10.67.0.1");
        var d = ReplyRouting.For(req, Offer(req), rawL2Replies: true);
        Assert.Equal(new ReplyDestination(ReplyPath.Relay, Ipv4Address.Parse("10.67.0.1"), 67), d);
    }

    [Fact]
    public void Relayed_nak_asks_the_relay_to_broadcast()
    {
        var req = Client(DhcpMessageType.Request, requested: "10.67.0.9", giaddr: "10.67.0.1");
        var nak = DhcpReplyBuilder.CreateReply(req, DhcpMessageType.Nak, ServerId);
        Assert.Equal(ReplyPath.Relay, ReplyRouting.For(req, nak, true).Path);
        Assert.True(nak.BroadcastFlag);
    }

    [Fact]
    public void Renewing_client_is_unicast_at_ciaddr()
    {
        var req = Client(DhcpMessageType.Request, ciaddr: "10.66.0.50");
        Assert.Equal(new ReplyDestination(ReplyPath.UnicastToClientAddress, Ipv4Address.Parse("10.66.0.50"), 68),
            ReplyRouting.For(req, Offer(req), true));
    }

    [Fact]
    public void Broadcast_flag_means_broadcast() =>
        Assert.Equal(ReplyPath.Broadcast, ReplyRouting.For(Client(DhcpMessageType.Discover, broadcast: true),
            Offer(Client(DhcpMessageType.Discover)), true).Path);

    [Fact]
    public void Client_without_address_gets_a_raw_frame_unless_switched_off()
    {
        var req = Client(DhcpMessageType.Discover);
        Assert.Equal(ReplyPath.RawToHardwareAddress, ReplyRouting.For(req, Offer(req), true).Path);
        Assert.Equal(ReplyPath.Broadcast, ReplyRouting.For(req, Offer(req), false).Path);
    }

    [Fact]
    public void Local_nak_is_broadcast()
    {
        var req = Client(DhcpMessageType.Request, requested: "10.66.0.9");
        Assert.Equal(ReplyPath.Broadcast,
            ReplyRouting.For(req, DhcpReplyBuilder.CreateReply(req, DhcpMessageType.Nak, ServerId), true).Path);
    }
}
