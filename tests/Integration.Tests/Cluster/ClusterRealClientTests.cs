using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Integration.Tests.Cluster.ClusterCapture;
using static StaticDhcpd.Integration.Tests.Cluster.ClusterPlan;

namespace StaticDhcpd.Integration.Tests.Cluster;

/// <summary>
/// ISC dhclient (no option 61: keyed by chaddr) and busybox udhcpc (option 61 = 01:MAC) on the three nodes' segment:
/// each DISCOVER gets exactly one OFFER and each REQUEST one ACK (tcpdump in the client's namespace), each client
/// gets its own address from "guests" from one of the nodes, and keeps it on renewal (udhcpc on SIGUSR1, dhclient by
/// itself at T1 = 10 s), a unicast to the node that answered.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRealClientTests(ClusterLab cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Obtain = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Dhclient_and_udhcpc_get_one_offer_per_discover_an_address_of_the_pool_and_keep_it_on_renew()
    {
        await cluster.EnsureAllUpAsync();
        await cluster.RunAsync(async () =>
        {
            var lab = cluster.Lab;
            var dhclient = new Dhclient(lab.AddClient(mac: "02:00:00:00:c1:01"));
            var udhcpc = new Udhcpc(lab.AddClient(mac: "02:00:00:00:c1:02"));
            var dhCapture = await TcpdumpCapture.StartAsync(lab, dhclient.Host.Namespace);
            var udCapture = await TcpdumpCapture.StartAsync(lab, udhcpc.Host.Namespace);
            try
            {
                var a = dhclient.ObtainAsync(Obtain);
                var b = udhcpc.ObtainAsync(Obtain);
                await Task.WhenAll(a, b);
                AssertLease(a.Result, "BOUND");
                AssertLease(b.Result, "bound");
                output.WriteLine($"dhclient: {a.Result}\nudhcpc: {b.Result}");
                Assert.NotEqual(a.Result!.Address, b.Result!.Address);

                var renewedUdhcpc = await udhcpc.RenewAsync(TimeSpan.FromSeconds(10)); // SIGUSR1: unicast RENEW
                AssertLease(renewedUdhcpc, "renew", b.Result.Address);
                var renewedDhclient = await dhclient.RenewAsync(TimeSpan.FromSeconds(GuestsLeaseSeconds)); // at T1
                AssertLease(renewedDhclient, "RENEW", a.Result.Address);
            }
            finally
            {
                await dhclient.StopAsync();
                await udhcpc.StopAsync();
            }
            AssertOneAnswerPerExchange("dhclient", await dhCapture.StopAsync(), dhclient.Host.Mac, acks: 2);
            AssertOneAnswerPerExchange("udhcpc", await udCapture.StopAsync(), udhcpc.Host.Mac, acks: 2);
        });
    }

    private static void AssertLease(LeaseResult? lease, string expectedEvent, string? address = null)
    {
        Assert.NotNull(lease);
        Assert.True(expectedEvent == lease.Event, $"expected {expectedEvent}, got {lease}");
        Assert.True(InGuestsRange(lease.Address), $"{lease.Address} is not in guests' 10.77.100.10-10.77.101.250: {lease}");
        if (address is not null) Assert.Equal(address, lease.Address);
        Assert.True(ClusterLab.NodeOf(lease.ServerId) >= 0, $"server identifier {lease.ServerId} is none of the nodes': {lease}");
        Assert.Equal(TimeSpan.FromSeconds(GuestsLeaseSeconds), lease.LeaseTime);
    }

    /// <summary>Every DISCOVER of <paramref name="mac"/> that was answered got one OFFER; every REQUEST at most one ACK.</summary>
    private void AssertOneAnswerPerExchange(string client, IReadOnlyList<CapturedBootp> captured, string mac, int acks)
    {
        var own = captured.Where(c => c.Packet?.ClientMac == MacAddress.Parse(mac)).ToList();
        output.WriteLine($"{client} capture: {Census(own)}; OFFERs by server: {ByServer(Replies(own, DhcpMessageType.Offer))}");
        var offers = Replies(own, DhcpMessageType.Offer).ToList();
        Assert.True(offers.Count > 0, $"{client}: no OFFER in the capture ({Census(own)})");
        var repeatedOffers = RepeatedReplies(own, DhcpMessageType.Offer);
        Assert.True(repeatedOffers.Count == 0, $"{client}: a DISCOVER got more than one OFFER: {string.Join("; ", repeatedOffers)}");
        var repeatedAcks = RepeatedReplies(own, DhcpMessageType.Ack);
        Assert.True(repeatedAcks.Count == 0, $"{client}: a REQUEST got more than one ACK: {string.Join("; ", repeatedAcks)}");
        Assert.True(Replies(own, DhcpMessageType.Ack).Count() >= acks, $"{client}: fewer than {acks} ACKs ({Census(own)})");
    }
}
