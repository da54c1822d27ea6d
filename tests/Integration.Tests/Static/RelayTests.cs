using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Wire;
using StaticDhcpd.Messages.Dhcp;
using Xunit;
using static StaticDhcpd.Integration.Tests.Static.StaticPlan;
using static StaticDhcpd.Integration.Tests.Static.StaticWire;

namespace StaticDhcpd.Integration.Tests.Static;

/// <summary>
/// Clients behind ISC dhcrelay (allow-relays = on; the relay adds option 82): served through giaddr with their
/// static address on the relayed segment, every reply sent to giaddr:67 with option 82 echoed byte for byte;
/// renewal (unicast, routed through the relay) and a relayed REBIND keep the address.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class RelayTests(RelayServerFixture fixture) : IClassFixture<RelayServerFixture>
{
    private static readonly TimeSpan Obtain = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Dhclient_behind_dhcrelay_gets_its_static_address_through_giaddr_with_option_82_echoed()
    {
        var capture = await TcpdumpCapture.StartAsync(fixture.Lab, fixture.Lab.ServerNs);
        var host = fixture.Lab.AddClient(behindRelay: true, mac: RelayedDhclient.Mac);
        var dhclient = new Dhclient(host);

        var lease = await dhclient.ObtainAsync(Obtain);
        var packets = await capture.StopAsync();
        await dhclient.StopAsync();

        RealClientTests.AssertLease(lease, "BOUND", RelayedDhclient);
        Assert.Contains($"{RelayedDhclient.Ip}/24", host.Addresses());

        var mine = packets.Where(p => p.Packet?.ClientMac.ToString() == RelayedDhclient.Mac).ToList();
        var requests = mine.Where(p => p.Packet!.Op == BootOp.BootRequest).ToList();
        var replies = mine.Where(p => p.Packet!.Op == BootOp.BootReply).ToList();
        Assert.NotEmpty(requests);
        Assert.Contains(replies, r => r.Packet!.MessageType == DhcpMessageType.Offer);
        Assert.Contains(replies, r => r.Packet!.MessageType == DhcpMessageType.Ack);
        Assert.All(requests, r => Assert.Equal(NetnsLab.RelayDownstreamAddress, r.Packet!.RelayAddress.ToString()));
        Assert.All(requests, r => Assert.NotNull(r.Packet!.Options.Get(DhcpOptionCode.RelayAgentInformation)));
        foreach (var reply in replies)
        {
            // To the relay agent at giaddr:67, from the server's port 67.
            Assert.Equal((NetnsLab.ServerAddress, 67, NetnsLab.RelayDownstreamAddress, 67),
                (reply.Source, reply.SourcePort, reply.Destination, reply.DestinationPort));
            Assert.Equal(NetnsLab.RelayDownstreamAddress, reply.Packet!.RelayAddress.ToString());
            var request = requests.Last(r => r.Packet!.TransactionId == reply.Packet.TransactionId);
            Assert.Equal(request.Packet!.Options.Get(DhcpOptionCode.RelayAgentInformation),
                reply.Packet.Options.Get(DhcpOptionCode.RelayAgentInformation));
        }
    }

    [Fact]
    public async Task Udhcpc_behind_dhcrelay_gets_its_static_address_and_keeps_it_on_renew()
    {
        var host = fixture.Lab.AddClient(behindRelay: true, mac: RelayedUdhcpc.Mac);
        var udhcpc = new Udhcpc(host);

        var lease = await udhcpc.ObtainAsync(Obtain);
        RealClientTests.AssertLease(lease, "bound", RelayedUdhcpc);

        // The renewal goes straight to the server (routed by the relay host) and the ACK straight back to ciaddr.
        var renewed = await udhcpc.RenewAsync(TimeSpan.FromSeconds(15));
        RealClientTests.AssertLease(renewed, "renew", RelayedUdhcpc);
        Assert.Contains($"{RelayedUdhcpc.Ip}/24", host.Addresses());
        await udhcpc.StopAsync();
    }

    [Fact]
    public async Task A_relayed_rebind_is_answered_through_the_relay_with_the_same_address()
    {
        var host = fixture.Lab.AddClient(behindRelay: true, mac: RelayedRebinder.Mac);
        fixture.Lab.Exec(host.Namespace, "ip", "addr", "add", RelayedRebinder.Ip + "/24", "dev", host.Interface);
        using var client = new WireClient(host.Namespace, host.Interface);
        var capture = await TcpdumpCapture.StartAsync(fixture.Lab, fixture.Lab.ServerNs);

        // REBINDING: broadcast on the client's link, so dhcrelay forwards it with giaddr.
        var rebind = Renewal(RelayedRebinder.Mac, NewXid(), RelayedRebinder.Ip);
        var ack = await ExchangeAsync(client, rebind);
        var packets = await capture.StopAsync();

        AssertStaticLease(ack, DhcpMessageType.Ack, RelayedRebinder);
        Assert.Equal(RelayedRebinder.Ip, ack!.ClientAddress.ToString());
        // staticDHCPd took a relayed REBIND for a RENEW and answered ciaddr:67; this one answers the relay.
        var reply = Assert.Single(packets, p => p.Packet is { Op: BootOp.BootReply } r && r.TransactionId == rebind.TransactionId);
        Assert.Equal((NetnsLab.RelayDownstreamAddress, 67), (reply.Destination, reply.DestinationPort));
    }
}
