using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Integration.Tests.Cluster.ClusterPlan;

namespace StaticDhcpd.Integration.Tests.Cluster;

/// <summary>
/// Node 10.77.0.13 is SIGKILLed and started again on its data-dir: the leader makes it Up again (Akka's
/// "Leader is moving node [...] to [Up]"), it serves ("serving DHCP on eth0"), and new clients' DISCOVERs are
/// answered by it again (some OFFERs carry its server identifier).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RejoinTests(ClusterLab cluster, ITestOutputHelper output)
{
    private const int Node = 2;
    private static readonly TimeSpan AnswerBudget = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_killed_node_started_again_rejoins_the_cluster_and_answers_again()
    {
        await cluster.EnsureAllUpAsync();
        await cluster.RunAsync(async () =>
        {
            var id = NodeAddress(Node);
            cluster.Nodes[Node].Kill();
            var sinceKill = Stopwatch.StartNew();
            await cluster.RestartAsync(Node);
            output.WriteLine($"{id} killed, started again and Up after {sinceKill.Elapsed.TotalSeconds:0.0} s");

            using var probe = new RelayProbe(cluster.ProbeNs);
            var answeredBy = new Dictionary<string, int>();
            var sinceUp = Stopwatch.StartNew();
            for (var n = 0; sinceUp.Elapsed < AnswerBudget && !answeredBy.ContainsKey(id); n++)
            {
                var mac = $"02:dd:00:00:{n >> 8 & 0xff:x2}:{n & 0xff:x2}";
                var replies = await Task.Run(() => probe.DiscoverAll(mac, ClientId(mac), TimeSpan.FromMilliseconds(500)));
                foreach (var r in replies)
                {
                    var s = r.Options.ServerIdentifier?.ToString() ?? "none";
                    answeredBy[s] = answeredBy.GetValueOrDefault(s) + 1;
                }
            }
            output.WriteLine($"answers by server after the rejoin: {string.Join(", ", answeredBy.Select(kv => $"{kv.Key}: {kv.Value}"))}; " +
                             $"{id} answered {sinceUp.Elapsed.TotalSeconds:0.0} s after it was Up");
            Assert.True(answeredBy.ContainsKey(id),
                $"{id} answered none of the DISCOVERs in {AnswerBudget.TotalSeconds} s after it rejoined " +
                $"(answers: {string.Join(", ", answeredBy.Select(kv => $"{kv.Key}: {kv.Value}"))})");
            Assert.False(cluster.Nodes[Node].Process.HasExited, $"{id} exited after rejoining");
        });
    }

    /// <summary>Option 61 as perfdhcp and udhcpc send it: type 1 (Ethernet) then the MAC.</summary>
    public static byte[] ClientId(string mac) => [1, .. Convert.FromHexString(mac.Replace(":", ""))];
}
