using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Messages.Dhcp;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Integration.Tests.Cluster.ClusterCapture;

namespace StaticDhcpd.Integration.Tests.Cluster;

/// <summary>
/// perfdhcp broadcasting to the three nodes (no server address): every node hears every DISCOVER, yet each
/// transaction gets at most one OFFER and at most one ACK; the answers come from more than one node; nearly every
/// DISCOVER ends in an ACK; no address is ACKed to two clients.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BroadcastLoadTests(ClusterLab cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Broadcast_perfdhcp_gets_one_offer_and_one_ack_per_transaction_from_more_than_one_node()
    {
        await cluster.EnsureAllUpAsync();
        output.WriteLine($"cluster formed in {cluster.FormationTime.TotalSeconds:0.0} s");
        await cluster.RunAsync(async () =>
        {
            var capture = await TcpdumpCapture.StartAsync(cluster.Lab, cluster.PerfNs);
            using var perfdhcp = PerfdhcpLoad.Start(cluster, rate: 100, clients: 1000, seconds: 5, macBase: "00:0c:0a:00:00:00");
            Assert.True(await perfdhcp.WaitForExitAsync(TimeSpan.FromSeconds(20)), "perfdhcp did not end\n" + perfdhcp.Output);
            var captured = await capture.StopAsync(TimeSpan.FromSeconds(1));
            output.WriteLine(perfdhcp.Output);
            output.WriteLine("capture: " + Census(captured));

            var discovers = Requests(captured, DhcpMessageType.Discover).Count();
            var offers = Replies(captured, DhcpMessageType.Offer).ToList();
            var acks = Replies(captured, DhcpMessageType.Ack).ToList();
            output.WriteLine($"OFFERs by server: {ByServer(offers)}; ACKs by server: {ByServer(acks)}");
            Assert.True(discovers >= 300, $"perfdhcp broadcast only {discovers} DISCOVERs ({Census(captured)})\n{perfdhcp.Output}");

            var repeatedOffers = RepeatedReplies(captured, DhcpMessageType.Offer);
            Assert.True(repeatedOffers.Count == 0,
                $"{repeatedOffers.Count} of {offers.Select(o => o.TransactionId).Distinct().Count()} DISCOVERs got more than one OFFER, e.g. "
                + string.Join("; ", repeatedOffers.Take(5)));
            var repeatedAcks = RepeatedReplies(captured, DhcpMessageType.Ack);
            Assert.True(repeatedAcks.Count == 0, $"{repeatedAcks.Count} REQUESTs got more than one ACK, e.g. " + string.Join("; ", repeatedAcks.Take(5)));

            var servers = offers.Concat(acks).Select(p => p.Options.ServerIdentifier?.ToString()).Distinct().ToList();
            Assert.True(servers.Count >= 2, $"every answer came from {string.Join(", ", servers)}: one node serves the whole pool");
            Assert.All(servers, s => Assert.True(ClusterLab.NodeOf(s) >= 0, $"server identifier {s} is none of the nodes'"));
            var sources = captured.Where(c => c.Packet?.Op == BootOp.BootReply).Select(c => c.Source).Distinct().ToList();
            Assert.True(sources.Count >= 2, $"every answer came from IP source {string.Join(", ", sources)}");

            Assert.True(acks.Count >= discovers * 0.95,
                $"only {acks.Count} ACKs for {discovers} DISCOVERs ({Census(captured)})");
            var doubles = DoubleBindings(Acks(captured));
            Assert.True(doubles.Count == 0, "addresses ACKed to two clients: " + string.Join("; ", doubles.Take(5)));
        });
    }
}
