using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Wire;
using StaticDhcpd.Messages.Dhcp;
using Xunit;
using static StaticDhcpd.Integration.Tests.Static.StaticPlan;
using static StaticDhcpd.Integration.Tests.Static.StaticWire;

namespace StaticDhcpd.Integration.Tests.Static;

/// <summary>
/// authoritative = on: a client the server has no record of that asserts an address (INIT-REBOOT) is NAKed, on
/// the server's segment and behind the relay, so it starts over; its DISCOVER is still never NAKed (staticDHCPd
/// did NAK it) and goes unanswered.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class AuthoritativeTests(RelayServerFixture fixture) : IClassFixture<RelayServerFixture>
{
    [Fact]
    public async Task An_unknown_client_in_init_reboot_is_naked_and_its_discover_is_not_answered()
    {
        var xid = NewXid();
        fixture.Probe.Send(Discover(UnknownA, xid));
        var replies = await SendAndListenAsync(fixture.Probe, InitReboot(UnknownB, xid, "10.66.0.97"));

        var nak = Assert.Single(replies);
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.Equal(UnknownB, nak.ClientMac.ToString());
        Assert.True(nak.YourAddress.IsAny, "a NAK carries no address");
        Assert.Null(nak.Options.LeaseTime);
        Assert.Equal(NetnsLab.ServerAddress, nak.Options.ServerIdentifier?.ToString());
    }

    [Fact]
    public async Task An_unknown_client_behind_the_relay_in_init_reboot_is_naked_through_the_relay()
    {
        var host = fixture.Lab.AddClient(behindRelay: true, mac: UnknownC);
        using var client = new WireClient(host.Namespace, host.Interface);

        var nak = await ExchangeAsync(client, InitReboot(UnknownC, NewXid(), "10.67.0.97"));

        Assert.NotNull(nak);
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.Equal(UnknownC, nak.ClientMac.ToString());
        Assert.Equal(NetnsLab.ServerAddress, nak.Options.ServerIdentifier?.ToString());
    }
}
