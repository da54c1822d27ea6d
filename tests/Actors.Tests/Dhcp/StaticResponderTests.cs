using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Actors.Tests.Dhcp.TestPackets;

namespace StaticDhcpd.Actors.Tests.Dhcp;

public class StaticResponderTests
{
    private static readonly DhcpSettings Defaults = new();

    private static DhcpPacket ReplyOf(DhcpDecision d) => Assert.IsType<ReplyDecision>(d).Reply;

    [Fact]
    public void Discover_gets_an_offer_with_the_definition_and_timers()
    {
        var offer = ReplyOf(StaticResponder.Decide(Client(DhcpMessageType.Discover), DhcpMethod.Discover,
            Definition(lease: 3600), Defaults, ServerId));
        Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
        Assert.Equal(Ipv4Address.Parse("10.66.0.50"), offer.YourAddress);
        Assert.Equal(ServerId, offer.Options.ServerIdentifier);
        Assert.Equal(3600u, offer.Options.LeaseTime);
        Assert.Equal(1800u, offer.Options.RenewalTime);
        Assert.Equal(3150u, offer.Options.RebindingTime);
        Assert.Equal(Ipv4Address.Parse("255.255.255.0"), offer.Options.SubnetMask);
        Assert.Equal([Ipv4Address.Parse("10.66.0.254")], offer.Options.Routers!);
        Assert.Equal([Ipv4Address.Parse("10.66.0.53")], offer.Options.DomainNameServers!);
        Assert.Equal("lab.example", offer.Options.DomainName);
        Assert.Equal("host50", offer.Options.HostName);
        Assert.Equal(0x12345678u, offer.TransactionId);
    }

    [Fact]
    public void Rapid_commit_discover_is_acked_with_option_80_unless_disabled()
    {
        var discover = Client(DhcpMessageType.Discover);
        discover.Options.RapidCommit = true;
        var ack = ReplyOf(StaticResponder.Decide(discover, DhcpMethod.Discover, Definition(), Defaults, ServerId));
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.True(ack.Options.RapidCommit);
        var offer = ReplyOf(StaticResponder.Decide(discover, DhcpMethod.Discover, Definition(),
            Defaults with { RapidCommit = false }, ServerId));
        Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
        Assert.False(offer.Options.RapidCommit);
    }

    [Fact]
    public void Selecting_us_with_the_defined_address_is_acked()
    {
        var ack = ReplyOf(StaticResponder.Decide(
            Client(DhcpMessageType.Request, requested: "10.66.0.50", serverId: "10.66.0.1"),
            DhcpMethod.RequestSelecting, Definition(), Defaults, ServerId));
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
    }


    [Fact]
    public void Init_reboot_for_a_wrong_address_is_naked_without_yiaddr_or_lease()
    {
        var nak = ReplyOf(StaticResponder.Decide(Client(DhcpMessageType.Request, requested: "10.66.0.99"),
            DhcpMethod.RequestInitReboot, Definition(), Defaults, ServerId));
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.True(nak.YourAddress.IsAny);
        Assert.Null(nak.Options.LeaseTime);
    }

    [Fact]
    public void Renew_of_the_defined_address_is_acked_and_keeps_ciaddr()
    {
        var ack = ReplyOf(StaticResponder.Decide(Client(DhcpMessageType.Request, ciaddr: "10.66.0.50"),
            DhcpMethod.RequestRenew, Definition(), Defaults, ServerId));
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.Equal(Ipv4Address.Parse("10.66.0.50"), ack.YourAddress);
        Assert.Equal(Ipv4Address.Parse("10.66.0.50"), ack.ClientAddress);
    }

    [Fact]
    public void Renew_of_an_address_that_moved_is_naked()
    {
        // The registration flow: the client holds a dynamic address, the database now defines another.
        var nak = ReplyOf(StaticResponder.Decide(Client(DhcpMessageType.Request, ciaddr: "10.77.100.10"),
            DhcpMethod.RequestRebind, Definition(), Defaults, ServerId));
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
    }

    [Fact]
    public void Nak_renewals_naks_renew_always_and_rebind_only_when_authoritative()
    {
        var renew = Client(DhcpMessageType.Request, ciaddr: "10.66.0.50");
        var s = Defaults with { NakRenewals = true };
        Assert.Equal(DhcpMessageType.Nak, ReplyOf(StaticResponder.Decide(renew, DhcpMethod.RequestRenew, Definition(), s, ServerId)).MessageType);
        Assert.Equal(DhcpMessageType.Ack, ReplyOf(StaticResponder.Decide(renew, DhcpMethod.RequestRebind, Definition(), s, ServerId)).MessageType);
        Assert.Equal(DhcpMessageType.Nak, ReplyOf(StaticResponder.Decide(renew, DhcpMethod.RequestRebind, Definition(),
            s with { Authoritative = true }, ServerId)).MessageType);
    }

    [Fact]
    public void Inform_is_acked_with_options_but_no_address_or_lease()
    {
        var ack = ReplyOf(StaticResponder.Decide(Client(DhcpMessageType.Inform, ciaddr: "10.66.0.50"),
            DhcpMethod.Inform, Definition(), Defaults, ServerId));
        Assert.True(ack.YourAddress.IsAny);
        Assert.Null(ack.Options.LeaseTime);
        Assert.Equal("lab.example", ack.Options.DomainName);
    }

    [Fact]
    public void Release_and_decline_get_no_reply()
    {
        Assert.IsType<SilentDecision>(StaticResponder.Decide(
            Client(DhcpMessageType.Release, ciaddr: "10.66.0.50", serverId: "10.66.0.1"),
            DhcpMethod.Release, Definition(), Defaults, ServerId));
        Assert.IsType<SilentDecision>(StaticResponder.Decide(
            Client(DhcpMessageType.Decline, requested: "10.66.0.50", serverId: "10.66.0.1"),
            DhcpMethod.Decline, Definition(), Defaults, ServerId));
    }

    [Fact]
    public void Client_identifier_is_echoed()
    {
        var discover = Client(DhcpMessageType.Discover);
        discover.Options.ClientIdentifier = [1, 2, 0, 0, 0, 0, 1];
        var offer = ReplyOf(StaticResponder.Decide(discover, DhcpMethod.Discover, Definition(), Defaults, ServerId));
        Assert.Equal(discover.Options.ClientIdentifier, offer.Options.ClientIdentifier);
    }
}
