using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Wire;
using Xunit;
using static StaticDhcpd.Integration.Tests.Dynamic.DynamicPlan;

namespace StaticDhcpd.Integration.Tests.Dynamic;

/// <summary>
/// The node as deploy/staticdhcpd.service runs it: a user without privileges holding only CAP_NET_BIND_SERVICE (UDP
/// 67) and CAP_NET_RAW (SO_BINDTODEVICE, raw replies, ARP) as ambient capabilities. It serves a pool client and
/// its start-up ARP scan finds a host holding a pool address.
/// </summary>
[Collection(NetnsCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnprivilegedNodeTests
{
    private const int Nobody = 65534;

    [Fact]
    public async Task As_nobody_with_only_the_two_capabilities_the_node_serves_and_scans()
    {
        using var lab = new NetnsLab();
        lab.AddHost("sq", "10.77.100.12/16", "02:00:00:00:a4:01");
        // The server's directory is written by nobody (the journal); the lab's own is private to root.
        File.SetUnixFileMode(lab.WorkDir, (UnixFileMode)0b111_101_101);
        var dir = Directory.CreateDirectory(Path.Combine(lab.WorkDir, "staticdhcpd", "data"));
        foreach (var d in new[] { dir.Parent!.FullName, dir.FullName }) File.SetUnixFileMode(d, (UnixFileMode)0b111_111_111);

        var server = await DynamicServer.StartAsync(lab, new DynamicServerOptions
        {
            Pools = $$"""
                { name = "{{PoolName}}", subnet = "{{PoolSubnet}}", ranges = ["10.77.100.10-10.77.100.30"], lease-time = 600s
                  arp-scan = { on-start = on, rate = 100, retries = 1, timeout = 500ms } }
                """,
            ExtraAddresses = [PoolServerAddress],
            Wrapper =
            [
                "setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups",
                "--inh-caps=-all,+net_bind_service,+net_raw", "--ambient-caps=-all,+net_bind_service,+net_raw",
                "--bounding-set=-all,+net_bind_service,+net_raw", "--",
            ],
        });
        await server.RunTestAsync(async () =>
        {
            var status = File.ReadAllLines($"/proc/{server.Process.Pid}/status");
            Assert.Contains(status, l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t')[1] == Nobody.ToString());
            // CapEff: exactly net_bind_service (bit 10) and net_raw (bit 13).
            var capEff = status.Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal)).Split('\t')[1];
            Assert.Equal((1UL << 10) | (1UL << 13), Convert.ToUInt64(capEff, 16));

            Assert.True(await server.Process.WaitForOutputAsync(
                "ARP scan done: 21 addresses probed, 1 answered; 1 recorded as leases", TimeSpan.FromSeconds(30)), "scan did not end as expected");
            var client = lab.AddClient(mac: "02:00:00:00:a4:10");
            using var wire = new WireClient(client.Namespace);
            var offer = await server.WarmUpAsync(wire, "02:00:00:00:a4:10", TimeSpan.FromSeconds(60));
            Assert.True(InRange(offer.YourAddress.ToString()), offer.YourAddress.ToString());
            Assert.NotEqual("10.77.100.12", offer.YourAddress.ToString());
            Assert.DoesNotContain("raw frames unavailable", server.CurrentLog);
        });
    }
}
