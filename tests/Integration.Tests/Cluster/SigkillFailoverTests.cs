using System.Diagnostics;
using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Messages.Dhcp;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Integration.Tests.Cluster.ClusterCapture;
using static StaticDhcpd.Integration.Tests.Cluster.ClusterPlan;

namespace StaticDhcpd.Integration.Tests.Cluster;

/// <summary>
/// Node 10.77.0.12 is SIGKILLed while perfdhcp broadcasts: a few clients it had ACKed REBIND (relayed broadcast,
/// their own option 61) until the survivors ACK their own addresses again, timed from the kill (under 10 s); no
/// address is ever ACKed to two clients (perfdhcp's and the probe's captures); and every client ACKed during the run
/// is offered its own address again afterwards. The killed node stays down: the next test restarts it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SigkillFailoverTests(ClusterLab cluster, ITestOutputHelper output)
{
    private const int RebindSample = 5;
    private static readonly TimeSpan LoadBeforeKill = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan ServedAgainLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RebindBudget = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_node_killed_under_load_loses_no_acked_lease_and_its_clients_are_served_again_within_10_s()
    {
        await cluster.EnsureAllUpAsync();
        await cluster.RunAsync(async () =>
        {
            var perfCapture = await TcpdumpCapture.StartAsync(cluster.Lab, cluster.PerfNs);
            var probeCapture = await TcpdumpCapture.StartAsync(cluster.Lab, cluster.ProbeNs);
            using var perfdhcp = PerfdhcpLoad.Start(cluster, rate: 100, clients: 1500, seconds: 60, macBase: "00:0c:0c:00:00:00");
            await Task.Delay(LoadBeforeKill);
            Assert.False(perfdhcp.HasExited, "perfdhcp ended early:\n" + perfdhcp.Output);

            // The victim is the member that answered most so far: it hosts the most buckets (rendezvous hashing over 16
            // buckets is uneven for a given set of three members).
            var answered = Acks(perfCapture.Snapshot());
            var victimId = answered.GroupBy(a => a.ServerId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault()
                           ?? NodeAddress(1);
            cluster.Nodes[ClusterLab.NodeOf(victimId)].Kill();
            var sinceKill = Stopwatch.StartNew();
            var beforeKill = Acks(perfCapture.Snapshot());
            var victimClients = LastPerClient(beforeKill.Where(a => a.ServerId == victimId)).Take(RebindSample).ToList();
            output.WriteLine($"{beforeKill.Count} ACKs before the kill, by server: {string.Join(", ", beforeKill.GroupBy(a => a.ServerId).Select(g => $"{g.Key}: {g.Count()}"))}");
            Assert.True(beforeKill.Count >= 150, $"only {beforeKill.Count} ACKs in {LoadBeforeKill.TotalSeconds} s of load: too few to prove anything");
            Assert.True(victimClients.Count > 0, $"{victimId} had ACKed none of the {beforeKill.Count} leases before it was killed");

            using var probe = new RelayProbe(cluster.ProbeNs);
            var (served, wrong) = await Task.Run(() => RebindUntilServed(probe, victimClients, sinceKill));
            await perfdhcp.StopAsync(TimeSpan.FromSeconds(3));
            var perfCaptured = await perfCapture.StopAsync(TimeSpan.FromSeconds(1));
            var probeCaptured = await probeCapture.StopAsync();
            foreach (var c in victimClients)
                output.WriteLine($"{c.Mac} ({c.Address}, ACKed by {victimId}): " +
                                 (served.TryGetValue(c.ClientKey, out var t) ? $"ACKed again {t.TotalSeconds:0.00} s after the kill" : "not served again"));
            output.WriteLine($"perfdhcp capture: {Census(perfCaptured)}; ACKs by server: {ByServer(Replies(perfCaptured, DhcpMessageType.Ack))}");

            output.WriteLine(served.Count == 0 ? $"none of {victimId}'s sampled clients was served again within {RebindBudget.TotalSeconds} s"
                : $"time from SIGKILL to {served.Count} of {victimClients.Count} sampled clients of {victimId} served again: {served.Values.Max().TotalSeconds:0.00} s");

            var leases = LastPerClient(Acks(perfCaptured));
            var lost = await Task.Run(() => probe.NotReoffered(leases, TimeSpan.FromSeconds(60)));
            output.WriteLine($"{leases.Count - lost.Count} of {leases.Count} ACKed clients offered their own address again");
            Assert.True(wrong.Count == 0, $"the killed node's clients were refused their address: {string.Join("; ", wrong)}");
            Assert.True(lost.Count == 0, $"{lost.Count} of {leases.Count} ACKed leases were lost: {string.Join("; ", lost.Take(5))}");
            var doubles = DoubleBindings(Acks(perfCaptured).Concat(Acks(probeCaptured)));
            Assert.True(doubles.Count == 0, "addresses ACKed to two clients: " + string.Join("; ", doubles.Take(5)));
            Assert.True(served.Count == victimClients.Count,
                $"{victimClients.Count - served.Count} of {victimId}'s {victimClients.Count} clients were not served again within {RebindBudget.TotalSeconds} s");
            var servedAgain = served.Values.Max();
            Assert.True(servedAgain < ServedAgainLimit,
                $"{victimId}'s clients were served again {servedAgain.TotalSeconds:0.00} s after the kill (limit {ServedAgainLimit.TotalSeconds} s)");
        });
    }

    /// <summary>
    /// Round after round, each client not yet served REBINDs (wait 200 ms each) until an ACK gives it back its own
    /// address; a NAK or another address is wrong. Returns when all are served or <see cref="RebindBudget"/> is over.
    /// </summary>
    private static (Dictionary<string, TimeSpan> Served, List<string> Wrong) RebindUntilServed(RelayProbe probe,
        IReadOnlyList<AckedLease> clients, Stopwatch sinceKill)
    {
        var served = new Dictionary<string, TimeSpan>();
        var wrong = new List<string>();
        var pending = clients.ToList();
        while (pending.Count > 0 && sinceKill.Elapsed < RebindBudget)
        {
            foreach (var c in pending.ToList())
            {
                var reply = probe.Rebind(c.Mac, c.ClientId, c.Address, TimeSpan.FromMilliseconds(200));
                if (reply is null) continue;
                pending.Remove(c);
                if (reply.MessageType == DhcpMessageType.Ack && reply.YourAddress.ToString() == c.Address) served[c.ClientKey] = sinceKill.Elapsed;
                else wrong.Add($"{c.Mac} rebinding {c.Address}: {reply.MessageType} {reply.YourAddress} from {reply.Options.ServerIdentifier}");
            }
        }
        return (served, wrong);
    }
}
