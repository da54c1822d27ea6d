using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Static;
using StaticDhcpd.Integration.Tests.Wire;
using StaticDhcpd.Messages.Dhcp;
using Xunit;
using static StaticDhcpd.Integration.Tests.Dynamic.DynamicPlan;

namespace StaticDhcpd.Integration.Tests.Dynamic;

/// <summary>
/// Unknown real clients (ISC dhclient, busybox udhcpc, dhcpcd) on a segment whose server interface has an address in
/// the "guests" pool's subnet: each gets its own address from the pool's range with the pool's options, and keeps
/// it on renewal; after the node is stopped and started again on the same data-dir, each keeps it again
/// (INIT-REBOOT and renewals are ACKed from the journal) and no other client can have it.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class DynamicClientTests
{
    private static readonly TimeSpan Obtain = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(60);
    private const string ProbeMac = "02:00:00:00:d0:0f";

    private sealed record Clients(Dhclient Dhclient, Udhcpc Udhcpc, Dhcpcd Dhcpcd,
        LeaseResult DhclientLease, LeaseResult UdhcpcLease, LeaseResult DhcpcdLease)
    {
        public IEnumerable<(LabDhcpClient Client, LeaseResult Lease)> All =>
            [(Dhclient, DhclientLease), (Udhcpc, UdhcpcLease), (Dhcpcd, DhcpcdLease)];
    }

    /// <summary>All three obtain at once (each is bounded by <see cref="Obtain"/>); every lease is checked.</summary>
    private static async Task<Clients> ObtainAllAsync(NetnsLab lab, int leaseSeconds)
    {
        var dhclient = new Dhclient(lab.AddClient(mac: "02:00:00:00:d0:01"));
        var udhcpc = new Udhcpc(lab.AddClient(mac: "02:00:00:00:d0:02"));
        var dhcpcd = new Dhcpcd(lab.AddClient(mac: "02:00:00:00:d0:03"));
        var a = dhclient.ObtainAsync(Obtain);
        var b = udhcpc.ObtainAsync(Obtain);
        var c = dhcpcd.ObtainAsync(Obtain);
        await Task.WhenAll(a, b, c);
        AssertPoolLease(a.Result, "BOUND", leaseSeconds);
        AssertPoolLease(b.Result, "bound", leaseSeconds);
        AssertPoolLease(c.Result, "BOUND", leaseSeconds);
        var addresses = new[] { a.Result!.Address, b.Result!.Address, c.Result!.Address };
        Assert.True(addresses.Distinct().Count() == 3, "addresses are not distinct: " + string.Join(", ", addresses));
        Assert.Contains($"{a.Result.Address}/16", dhclient.Host.Addresses());
        Assert.Contains($"{b.Result.Address}/16", udhcpc.Host.Addresses());
        Assert.Contains($"{c.Result.Address}/16", dhcpcd.Host.Addresses());
        return new Clients(dhclient, udhcpc, dhcpcd, a.Result, b.Result, c.Result);
    }

    private static async Task<(DynamicServer Server, WireClient Probe, string ProbeAddress)> StartAsync(NetnsLab lab, int leaseSeconds)
    {
        var server = await DynamicServer.StartAsync(lab, GuestsServer(leaseSeconds));
        var probe = new WireClient(lab.AddClient(mac: ProbeMac).Namespace);
        var offer = await server.WarmUpAsync(probe, ProbeMac, WarmUp);
        return (server, probe, offer.YourAddress.ToString());
    }

    [Fact]
    public async Task Unknown_dhclient_udhcpc_and_dhcpcd_get_distinct_pool_addresses_with_the_pool_options_and_keep_them_on_renew()
    {
        const int lease = 10; // T1 5 s: dhclient renews by itself within the test
        using var lab = new NetnsLab();
        var (server, probe, probeOffer) = await StartAsync(lab, lease);
        using var _ = probe;
        await server.RunTestAsync(async () =>
        {
            var clients = await ObtainAllAsync(lab, lease);
            Assert.DoesNotContain(probeOffer, clients.All.Select(c => c.Lease.Address)); // held for the probe

            var renewedUdhcpc = await clients.Udhcpc.RenewAsync(TimeSpan.FromSeconds(10)); // SIGUSR1: unicast RENEW
            AssertPoolLease(renewedUdhcpc, "renew", lease, clients.UdhcpcLease.Address);
            var renewedDhcpcd = await clients.Dhcpcd.RenewAsync(TimeSpan.FromSeconds(10)); // SIGUSR1
            AssertPoolLease(renewedDhcpcd, "RENEW", lease, clients.DhcpcdLease.Address);
            var renewedDhclient = await clients.Dhclient.RenewAsync(TimeSpan.FromSeconds(15)); // at T1
            AssertPoolLease(renewedDhclient, "RENEW", lease, clients.DhclientLease.Address);
            foreach (var (client, l) in clients.All) Assert.Contains($"{l.Address}/16", client.Host.Addresses());

            // What the operator sees on SIGUSR1: three bindings in the pool, and the ACKs that made them.
            var stats = await ServerStatistics.DumpAsync(server.Process, pools: 1, TimeSpan.FromSeconds(10));
            Assert.Contains($"] pool {PoolName}: 241 addresses, ", stats.Pool(PoolName));
            Assert.Contains(", 3 bound, ", stats.Pool(PoolName));
            Assert.True(stats.Counter("reply.Ack") >= 6, stats.CountersLine); // 3 grants, 3 renewals

            foreach (var (client, _) in clients.All) await client.StopAsync();
            Assert.False(server.Process.HasExited, "staticdhcpd died\n" + server.Log);
        });
    }

    [Fact]
    public async Task After_a_graceful_restart_on_the_same_data_dir_every_client_keeps_its_address_and_no_other_client_gets_it()
    {
        const int lease = 600; // no client renews by itself during the test
        const string scriptedMac = "02:00:00:00:d0:04";
        using var lab = new NetnsLab();
        var (server, probe, _) = await StartAsync(lab, lease);
        using var __ = probe;
        await server.RunTestAsync(async () =>
        {
            var clients = await ObtainAllAsync(lab, lease);
            // A scripted client too: DISCOVER, REQUEST (SELECTING) → ACK.
            var offer = await StaticWire.ExchangeAsync(probe, StaticWire.Discover(scriptedMac, StaticWire.NewXid()));
            Assert.Equal(DhcpMessageType.Offer, offer?.MessageType);
            var select = StaticWire.InitReboot(scriptedMac, StaticWire.NewXid(), offer!.YourAddress.ToString());
            select.Options.ServerIdentifier = offer.Options.ServerIdentifier;
            var ack = await StaticWire.ExchangeAsync(probe, select);
            Assert.Equal(DhcpMessageType.Ack, ack?.MessageType);
            var scriptedAddress = ack!.YourAddress.ToString();
            var held = clients.All.Select(c => c.Lease.Address!).Append(scriptedAddress).ToList();
            Assert.Equal(4, held.Distinct().Count());

            Assert.True(await server.StopAsync(TimeSpan.FromSeconds(20)), "staticdhcpd did not stop cleanly on SIGTERM\n" + server.Log);
            await server.StartAgainAsync();
            var warm = await server.WarmUpAsync(probe, ProbeMac, WarmUp);
            Assert.DoesNotContain(warm.YourAddress.ToString(), held);
            var recovered = System.Text.RegularExpressions.Regex.Match(server.CurrentLog, @"pool guests ready: \d+ free, (\d+) bound");
            Assert.True(recovered.Success, "no ready line for pool guests\n" + server.Log);
            Assert.True(int.Parse(recovered.Groups[1].Value) >= held.Count, "bindings lost on restart: " + recovered.Value);

            // No one else gets a held address: new clients are offered others, and asking for one (INIT-REBOOT) is NAKed.
            for (var i = 0; i < held.Count; i++)
            {
                var mac = $"02:00:00:00:d1:{i:x2}";
                var o = await StaticWire.ExchangeAsync(probe, StaticWire.Discover(mac, StaticWire.NewXid()));
                Assert.Equal(DhcpMessageType.Offer, o?.MessageType);
                Assert.DoesNotContain(o!.YourAddress.ToString(), held);
                var nak = await StaticWire.ExchangeAsync(probe, StaticWire.InitReboot($"02:00:00:00:d2:{i:x2}", StaticWire.NewXid(), held[i]));
                Assert.True(nak?.MessageType == DhcpMessageType.Nak, $"INIT-REBOOT for {held[i]} (held by another client) got {nak?.MessageType}");
            }

            // The owners: INIT-REBOOT (dhclient restarted on its lease file, the scripted client) and renewals
            // (udhcpc and dhcpcd, SIGUSR1) are ACKed with the same address.
            var reboot = await clients.Dhclient.RebootAsync(Obtain);
            AssertPoolLease(reboot, "REBOOT", lease, clients.DhclientLease.Address);
            var renewedUdhcpc = await clients.Udhcpc.RenewAsync(TimeSpan.FromSeconds(10));
            AssertPoolLease(renewedUdhcpc, "renew", lease, clients.UdhcpcLease.Address);
            var renewedDhcpcd = await clients.Dhcpcd.RenewAsync(TimeSpan.FromSeconds(10));
            AssertPoolLease(renewedDhcpcd, "RENEW", lease, clients.DhcpcdLease.Address);
            var rebootAck = await StaticWire.ExchangeAsync(probe, StaticWire.InitReboot(scriptedMac, StaticWire.NewXid(), scriptedAddress));
            Assert.Equal(DhcpMessageType.Ack, rebootAck?.MessageType);
            Assert.Equal(scriptedAddress, rebootAck!.YourAddress.ToString());
            foreach (var (client, l) in clients.All) Assert.Contains($"{l.Address}/16", client.Host.Addresses());

            // What the operator sees on SIGUSR1 after the restart: the four bindings, and this run's ACKs to their owners.
            var stats = await ServerStatistics.DumpAsync(server.Process, pools: 1, TimeSpan.FromSeconds(10));
            Assert.Contains(", 4 bound, ", stats.Pool(PoolName));
            Assert.True(stats.Counter("reply.Ack") >= 4, stats.CountersLine); // 2 INIT-REBOOTs, 2 renewals

            foreach (var (client, _) in clients.All) await client.StopAsync();
            Assert.False(server.Process.HasExited, "staticdhcpd died\n" + server.Log);
        });
    }
}
