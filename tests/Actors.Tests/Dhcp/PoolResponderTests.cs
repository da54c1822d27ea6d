using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Actors.Tests.Dhcp.PoolTestData;
using static StaticDhcpd.Actors.Tests.Dhcp.TestPackets;

namespace StaticDhcpd.Actors.Tests.Dhcp;

public class PoolResponderTests
{
    private static readonly Ipv4Address Granted = Ipv4Address.Parse("10.77.100.10");

    private static DhcpPacket Reply(DhcpPacket request, LeaseOutcome outcome, string? hostname = null, string? reason = null) =>
        Assert.IsType<ReplyDecision>(PoolResponder.Decide(request,
            new LeaseReply(7, outcome, Granted, TimeSpan.FromMinutes(5), hostname, reason), Guests, ServerId)).Reply;

    [Fact]
    public void An_offer_carries_the_address_the_lease_timers_and_the_pools_options()
    {
        var offer = Reply(Client(DhcpMessageType.Discover), LeaseOutcome.Offer, hostname: "guest-10-77-100-10");
        Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
        Assert.Equal(Granted, offer.YourAddress);
        Assert.Equal(ServerId, offer.Options.ServerIdentifier);
        Assert.Equal(300u, offer.Options.LeaseTime);
        Assert.Equal(150u, offer.Options.RenewalTime);
        Assert.Equal(262u, offer.Options.RebindingTime);
        Assert.Equal(Ipv4Address.Parse("255.255.0.0"), offer.Options.SubnetMask);
        Assert.Equal(Ipv4Address.Parse("10.77.255.255"), offer.Options.BroadcastAddress);
        Assert.Equal([Ipv4Address.Parse("10.77.0.1")], offer.Options.Routers);
        Assert.Equal([Ipv4Address.Parse("10.77.0.53")], offer.Options.DomainNameServers);
        Assert.Equal("lan.example", offer.Options.DomainName);
        Assert.Equal("guest-10-77-100-10", offer.Options.HostName);
    }

    [Fact]
    public void A_renewal_ack_keeps_ciaddr()
    {
        var ack = Reply(Client(DhcpMessageType.Request, ciaddr: "10.77.100.10"), LeaseOutcome.Ack);
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.Equal(Granted, ack.ClientAddress);
        Assert.Null(ack.Options.HostName);
    }

    [Fact]
    public void A_nak_says_why_and_silence_stays_silent()
    {
        var nak = Reply(Client(DhcpMessageType.Request, requested: "10.77.100.99"), LeaseOutcome.Nak, reason: "not yours");
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.Equal(Ipv4Address.Any, nak.YourAddress);
        Assert.Equal("not yours"u8.ToArray(), nak.Options.Get(DhcpOptionCode.Message));

        var silent = PoolResponder.Decide(Client(DhcpMessageType.Release, ciaddr: "10.77.100.10"),
            new LeaseReply(7, LeaseOutcome.Silent, Granted, TimeSpan.Zero, null, "released"), Guests, ServerId);
        Assert.Equal("released", Assert.IsType<SilentDecision>(silent).Reason);
    }

    [Fact]
    public void Inform_is_answered_without_the_pool()
    {
        var inform = PoolResponder.AnswerLocally(Client(DhcpMessageType.Inform, ciaddr: "10.77.5.5"),
            DhcpMethod.Inform, Guests, ServerId);
        var ack = Assert.IsType<ReplyDecision>(inform).Reply;
        Assert.Equal(Ipv4Address.Any, ack.YourAddress);
        Assert.Null(ack.Options.LeaseTime);
        Assert.Equal(Ipv4Address.Parse("255.255.0.0"), ack.Options.SubnetMask);

        Assert.Null(PoolResponder.AnswerLocally(Client(DhcpMessageType.Discover), DhcpMethod.Discover, Guests, ServerId));
    }

    [Fact]
    public void The_lease_request_is_keyed_by_client_identifier_when_sent_else_by_chaddr()
    {
        var p = Client(DhcpMessageType.Discover, requested: "10.77.100.20");
        p.Options.HostName = "laptop";
        var byMac = PoolResponder.Request(p, DhcpMethod.Discover, Guests, 42);
        Assert.Equal(new LeaseRequest("guests", "mac:" + Mac, Mac, DhcpMethod.Discover,
            Ipv4Address.Parse("10.77.100.20"), Ipv4Address.Any, "laptop", p.TransactionId, 42), byMac);

        p.Options.ClientIdentifier = [1, 2, 0, 0, 0, 0, 1];
        Assert.Equal("01020000000001", PoolResponder.Request(p, DhcpMethod.Discover, Guests, 43).ClientKey);
    }
}
