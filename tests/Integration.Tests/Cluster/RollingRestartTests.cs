using System.Diagnostics;
using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Messages.Dhcp;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Integration.Tests.Cluster.ClusterCapture;
using static StaticDhcpd.Integration.Tests.Cluster.ClusterPlan;

namespace StaticDhcpd.Integration.Tests.Cluster;

/// <summary>
/// A rolling restart under light perfdhcp load: each node in turn gets SIGTERM (a graceful leave), must exit 0, is
/// started again and waited for until the leader has made it Up. Afterwards no address was ACKed to two clients and
/// every client ACKed before or during the restarts is offered its own address again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RollingRestartTests(ClusterLab cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task A_rolling_restart_of_all_three_nodes_loses_no_acked_lease()
    {
        await cluster.EnsureAllUpAsync();
        await cluster.RunAsync(async () =>
        {
            var capture = await TcpdumpCapture.StartAsync(cluster.Lab, cluster.PerfNs);
            using var perfdhcp = PerfdhcpLoad.Start(cluster, rate: 30, clients: 400, seconds: 150, macBase: "00:0c:0e:00:00:00");
            await Task.Delay(TimeSpan.FromSeconds(4));
            for (var i = 0; i < NodeCount; i++)
            {
                var t = Stopwatch.StartNew();
                var clean = await cluster.Nodes[i].StopAsync(TimeSpan.FromSeconds(30));
                var stopped = t.Elapsed;
                Assert.True(clean, $"{NodeAddress(i)} did not exit with code 0 within 30 s of SIGTERM");
                await cluster.RestartAsync(i);
                output.WriteLine($"{NodeAddress(i)}: stopped in {stopped.TotalSeconds:0.0} s, Up again after {t.Elapsed.TotalSeconds:0.0} s");
            }
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(perfdhcp.HasExited, "perfdhcp ended early:\n" + perfdhcp.Output);
            await perfdhcp.StopAsync(TimeSpan.FromSeconds(3));
            var captured = await capture.StopAsync(TimeSpan.FromSeconds(1));
            output.WriteLine($"capture: {Census(captured)}; ACKs by server: {ByServer(Replies(captured, DhcpMessageType.Ack))}");

            var acks = Acks(captured);
            Assert.True(acks.Count >= 100, $"only {acks.Count} ACKs during the rolling restart ({Census(captured)})");
            var doubles = DoubleBindings(acks);
            Assert.True(doubles.Count == 0, "addresses ACKed to two clients: " + string.Join("; ", doubles.Take(5)));
            using var probe = new RelayProbe(cluster.ProbeNs);
            var leases = LastPerClient(acks);
            var lost = await Task.Run(() => probe.NotReoffered(leases, TimeSpan.FromSeconds(60)));
            output.WriteLine($"{leases.Count - lost.Count} of {leases.Count} ACKed clients offered their own address again");
            Assert.True(lost.Count == 0, $"{lost.Count} of {leases.Count} ACKed leases were lost: {string.Join("; ", lost.Take(5))}");
        });
    }
}
