using System.Diagnostics;
using System.Globalization;
using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Static;
using StaticDhcpd.Integration.Tests.Wire;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Integration.Tests.Dynamic.DynamicPlan;

namespace StaticDhcpd.Integration.Tests.Dynamic;

/// <summary>
/// ARP against real Linux hosts on the lab's segment: hosts that kept pool addresses through a server outage are found
/// by the start-up scan, recorded as their leases (persisted: still theirs after a restart when they no longer
/// answer) and offered back to them; the scan keeps to its rate on the wire; the conflict check catches a host that
/// appeared since, and the client still gets an OFFER within its first retransmission window.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class ArpScanTests
{
    private const string First = "10.77.100.10", Last = "10.77.100.30"; // 21 addresses
    private const int Rate = 20;

    private static DynamicServerOptions Server(string arp) => new()
    {
        Pools = $$"""
            { name = "{{PoolName}}", subnet = "{{PoolSubnet}}", ranges = ["{{First}}-{{Last}}"], lease-time = 600s
              {{arp}} }
            """,
        ExtraAddresses = [PoolServerAddress],
    };

    [Fact]
    public async Task Hosts_that_kept_pool_addresses_are_found_at_start_recorded_as_their_leases_and_offered_back()
    {
        using var lab = new NetnsLab();
        var squatters = new[] { ("sq1", "10.77.100.12", "02:00:00:00:a1:01"), ("sq2", "10.77.100.15", "02:00:00:00:a1:02") };
        var hosts = squatters.Select(s => (Ns: lab.AddHost(s.Item1, s.Item2 + "/16", s.Item3), Address: s.Item2, Mac: s.Item3)).ToList();
        // What the segment sees: every ARP request, timed, from a host's side of the bridge.
        var wire = lab.Start(hosts[0].Ns, "tcpdump", ["-i", NetnsLab.Interface, "-n", "-l", "-tt", "arp and arp[6:2] = 1"]);
        Assert.True(await wire.WaitForOutputAsync("listening on", TimeSpan.FromSeconds(10)), wire.Output);

        var server = await DynamicServer.StartAsync(lab, Server(
            $"arp-scan = {{ on-start = on, rate = {Rate}, retries = 1, timeout = 500ms }}"));
        await server.RunTestAsync(async () =>
        {
            Assert.True(await server.Process.WaitForOutputAsync(
                "ARP scan done: 21 addresses probed, 2 answered; 2 recorded as leases", TimeSpan.FromSeconds(30)), "scan did not end as expected");

            // On the wire: requests only for the pool's range, every unanswered address twice, never faster than the rate.
            var requests = ArpRequests(wire.StandardOutput);
            Assert.All(requests, r => Assert.True(InScanRange(r.Target), $"asked for {r.Target}, outside the pool"));
            Assert.Equal(21 + 19, requests.Count);
            for (var i = 0; i < requests.Count; i++)
            {
                var inSecond = requests.Skip(i).TakeWhile(r => r.At - requests[i].At < 1.0).Count();
                Assert.True(inSecond <= Rate + 1, $"{inSecond} requests within one second from {requests[i].At}");
            }

            // Each host, asking as the client it is, is offered the address it kept; another client may not have it.
            foreach (var h in hosts)
            {
                using var asHost = new WireClient(h.Ns);
                var offer = await StaticWire.ExchangeAsync(asHost, StaticWire.Discover(h.Mac, StaticWire.NewXid()));
                Assert.Equal(h.Address, offer?.YourAddress.ToString());
            }
            var guest = lab.AddClient(mac: "02:00:00:00:a1:10");
            using var other = new WireClient(guest.Namespace);
            Assert.NotEqual(hosts[1].Address, (await DiscoverAsync(other, "02:00:00:00:a1:10", hosts[1].Address))?.YourAddress.ToString());

            // The hosts go quiet (as after a power cut on their side) and the server restarts: the next scan hears no
            // one, and the leases the network gave it are still theirs, from the journal.
            await server.StopAsync(TimeSpan.FromSeconds(20));
            foreach (var h in hosts) lab.Exec(h.Ns, "ip", "addr", "flush", "dev", NetnsLab.Interface);
            await server.StartAgainAsync();
            Assert.True(await server.Process.WaitForOutputAsync("ARP scan done: 21 addresses probed, 0 answered", TimeSpan.FromSeconds(30)),
                "second scan did not end as expected");
            Assert.NotEqual(hosts[1].Address, (await DiscoverAsync(other, "02:00:00:00:a1:10", hosts[1].Address))?.YourAddress.ToString());
            using var second = new WireClient(hosts[1].Ns);
            var back = await StaticWire.ExchangeAsync(second, StaticWire.Discover(hosts[1].Mac, StaticWire.NewXid()));
            Assert.Equal(hosts[1].Address, back?.YourAddress.ToString());
        });
    }

    [Fact]
    public async Task The_conflict_check_finds_a_host_that_appeared_since_and_the_client_is_offered_another_address_within_a_second()
    {
        using var lab = new NetnsLab();
        var server = await DynamicServer.StartAsync(lab, Server("conflict-check = on"));
        await server.RunTestAsync(async () =>
        {
            var client = lab.AddClient(mac: "02:00:00:00:a2:01");
            using var wire = new WireClient(client.Namespace);
            await server.WarmUpAsync(wire, "02:00:00:00:a2:0f", TimeSpan.FromSeconds(60));

            const string taken = "10.77.100.20";
            lab.AddHost("late", taken + "/16", "02:00:00:00:a2:99");
            var clock = Stopwatch.StartNew();
            var offer = await DiscoverAsync(wire, "02:00:00:00:a2:01", taken);
            clock.Stop();
            Assert.NotNull(offer);
            Assert.NotEqual(taken, offer.YourAddress.ToString());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"OFFER after {clock.ElapsedMilliseconds} ms");
            Assert.Contains($"02:00:00:00:a2:99 answered ARP for {taken}", server.CurrentLog);

            // Marked in use: the next client asking for it is not offered it either, and nobody probes it again.
            var again = await DiscoverAsync(wire, "02:00:00:00:a2:02", taken);
            Assert.NotEqual(taken, again?.YourAddress.ToString());
            Assert.Single(server.CurrentLog.Split('\n'), l => l.Contains($"answered ARP for {taken}"));
        });
    }

    [Fact]
    public async Task Without_CAP_NET_RAW_the_node_says_once_that_ARP_is_off_on_the_interface_and_serves()
    {
        using var lab = new NetnsLab();
        var server = await DynamicServer.StartAsync(lab, Server("arp-scan = { on-start = on }, conflict-check = on") with
        {
            // Root without CAP_NET_RAW in any set: what a unit file that forgets the capability gives.
            Wrapper = ["setpriv", "--bounding-set", "-net_raw", "--inh-caps", "-net_raw", "--"],
        });
        await server.RunTestAsync(async () =>
        {
            var client = lab.AddClient(mac: "02:00:00:00:a3:01");
            using var wire = new WireClient(client.Namespace);
            var offer = await server.WarmUpAsync(wire, "02:00:00:00:a3:01", TimeSpan.FromSeconds(60));
            Assert.True(InScanRange(offer.YourAddress.ToString()), offer.YourAddress.ToString());

            var log = server.CurrentLog;
            Assert.Single(log.Split('\n'), l => l.Contains("eth0: raw frames unavailable (") &&
                                                 l.Contains("ARP scanning and the conflict check are off on eth0"));
            Assert.Contains($"pool {PoolName}: not scanned: ARP cannot be sent on eth0", log);
        });
    }

    /// <summary>A DISCOVER naming <paramref name="requested"/> (option 50), broadcast flag set; the OFFER or null.</summary>
    private static Task<DhcpPacket?> DiscoverAsync(WireClient client, string mac, string requested)
    {
        var p = StaticWire.Discover(mac, StaticWire.NewXid());
        p.Options.RequestedAddress = Ipv4Address.Parse(requested);
        return StaticWire.ExchangeAsync(client, p);
    }

    private static bool InScanRange(string address) =>
        Ipv4Address.Parse(address).Value is var v && v >= Ipv4Address.Parse(First).Value && v <= Ipv4Address.Parse(Last).Value;

    /// <summary>"1733159000.123456 ARP, Request who-has 10.77.100.12 tell 0.0.0.0, length 28" → (time, target).</summary>
    private static List<(double At, string Target)> ArpRequests(string tcpdump) =>
        tcpdump.Split('\n')
            .Where(l => l.Contains("Request who-has", StringComparison.Ordinal) && l.Contains("tell 0.0.0.0", StringComparison.Ordinal))
            .Select(l => l.Split(' '))
            .Select(w => (double.Parse(w[0], CultureInfo.InvariantCulture), w[Array.IndexOf(w, "who-has") + 1]))
            .ToList();
}
