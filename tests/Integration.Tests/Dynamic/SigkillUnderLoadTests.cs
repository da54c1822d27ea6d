using System.Text.RegularExpressions;
using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Static;
using StaticDhcpd.Integration.Tests.Wire;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;
using static StaticDhcpd.Integration.Tests.Dynamic.DynamicPlan;

namespace StaticDhcpd.Integration.Tests.Dynamic;

/// <summary>
/// No ACKed lease is lost when the node dies: perfdhcp (as a relay, giaddr 10.78.0.2, pool "load") and scripted
/// clients on the segment (pool "guests") run DORAs while the node is killed with SIGKILL. Every ACK that left the
/// server (tcpdump in its namespace) must hold after a restart on the same data-dir: the pools report at least that
/// many bound addresses, another client asking for an ACKed address is offered a different one, and a scripted
/// client in INIT-REBOOT gets its own address back.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class SigkillUnderLoadTests
{
    private const string ProbeMac = "02:00:00:00:e0:ff";
    private const string LoadPoolName = "load";
    private const string LoadServerAddress = "10.78.0.1";
    private const string LoadRelayAddress = "10.78.0.2";
    private static readonly TimeSpan LoadBeforeKill = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);

    private static readonly string LoadPool = $$"""
        {
          name = "{{LoadPoolName}}", subnet = "10.78.0.0/16", ranges = ["10.78.1.0-10.78.24.255"]
          lease-time = 3600s, routers = ["{{LoadServerAddress}}"]
        }
        """;

    private sealed record Acked(string Mac, string Address, bool Relayed);

    [Fact]
    public async Task After_sigkill_under_perfdhcp_load_every_acked_lease_is_still_bound_after_restart()
    {
        LabRequirements.EnsureTools("perfdhcp", "tcpdump");
        using var lab = new NetnsLab();
        var server = await DynamicServer.StartAsync(lab, new DynamicServerOptions
        {
            Pools = GuestsPool(3600) + ",\n" + LoadPool,
            ExtraAddresses = [PoolServerAddress, LoadServerAddress + "/16"],
            DhcpSettings = "allow-relays = on", // perfdhcp is a relay
        });
        var perfHost = lab.AddClient(mac: "02:00:00:00:e0:fe");
        lab.Exec(perfHost.Namespace, "ip", "addr", "add", LoadRelayAddress + "/16", "dev", NetnsLab.Interface);
        using var probe = new WireClient(lab.AddClient(mac: ProbeMac).Namespace);
        await server.RunTestAsync(async () =>
        {
            await server.WarmUpAsync(probe, ProbeMac, TimeSpan.FromSeconds(60));
            var capture = await TcpdumpCapture.StartAsync(lab, lab.ServerNs);

            // Load: perfdhcp as a relay, and scripted DORAs on the segment, until the node is killed.
            var perfdhcp = lab.Start(perfHost.Namespace, "perfdhcp",
                ["-4", "-l", LoadRelayAddress, "-r", "300", "-R", "5000", "-p", "30", "-d", "1",
                 "-b", "mac=00:0c:02:00:00:00", LoadServerAddress]);
            using var stopScripted = new CancellationTokenSource();
            var scripted = Task.Run(() => DoraLoop(probe, stopScripted.Token));
            await Task.Delay(LoadBeforeKill);
            Assert.False(perfdhcp.HasExited, "perfdhcp ended early:\n" + perfdhcp.Output);
            server.Kill();
            Assert.True(await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)), "SIGKILL did not end the server");
            await stopScripted.CancelAsync();
            await scripted;
            perfdhcp.Kill();
            var captured = await capture.StopAsync();
            var acked = AckedLeases(captured);

            var relayed = acked.Where(a => a.Relayed).ToList();
            var direct = acked.Where(a => !a.Relayed).ToList();
            Assert.True(relayed.Count >= 200,
                $"perfdhcp was ACKed only {relayed.Count} times before the kill: too few to prove anything " +
                $"({Census(captured)})\n{perfdhcp.Output}");
            Assert.True(direct.Count >= 5, $"the scripted clients were ACKed only {direct.Count} times before the kill");

            // Restart on the same data-dir: the pools recover what was durable.
            await server.StartAgainAsync();
            Assert.True(BoundAtStart(server.CurrentLog, LoadPoolName) >= relayed.Count,
                $"pool {LoadPoolName} recovered fewer bound leases than the {relayed.Count} ACKed\n{server.CurrentLog}");
            Assert.True(BoundAtStart(server.CurrentLog, PoolName) >= direct.Count,
                $"pool {PoolName} recovered fewer bound leases than the {direct.Count} ACKed\n{server.CurrentLog}");

            // Each ACKed address still belongs to its client: nobody else is offered it, even asking for it by name.
            using var relay = new WireClient(perfHost.Namespace, port: 67);
            var i = 0;
            foreach (var a in relayed)
            {
                var discover = StaticWire.Discover(ForeignMac(i++), StaticWire.NewXid());
                discover.BroadcastFlag = false;
                discover.Hops = 1;
                discover.RelayAddress = Ipv4Address.Parse(LoadRelayAddress);
                discover.Options.RequestedAddress = Ipv4Address.Parse(a.Address);
                var offer = relay.Exchange(discover, Wait, to: LoadServerAddress);
                Assert.True(offer?.MessageType == DhcpMessageType.Offer, $"no OFFER through the relay for a new client (after {i - 1})");
                Assert.True(offer!.YourAddress.ToString() != a.Address, $"{a.Address}, ACKed to {a.Mac}, was offered to another client: the lease was lost");
            }
            foreach (var a in direct)
            {
                var discover = StaticWire.Discover(ForeignMac(i++), StaticWire.NewXid());
                discover.Options.RequestedAddress = Ipv4Address.Parse(a.Address);
                var offer = probe.Exchange(discover, Wait);
                Assert.True(offer?.MessageType == DhcpMessageType.Offer, "no OFFER for a new client on the segment");
                Assert.True(offer!.YourAddress.ToString() != a.Address, $"{a.Address}, ACKed to {a.Mac}, was offered to another client: the lease was lost");
                var reboot = probe.Exchange(StaticWire.InitReboot(a.Mac, StaticWire.NewXid(), a.Address), Wait);
                Assert.True(reboot?.MessageType == DhcpMessageType.Ack, $"{a.Mac} in INIT-REBOOT for {a.Address}: {reboot?.MessageType}");
                Assert.Equal(a.Address, reboot!.YourAddress.ToString());
            }
            Assert.False(server.Process.HasExited, "staticdhcpd died after the restart");
        });
    }

    /// <summary>
    /// DORA after DORA with fresh MACs (broadcast flag), each bounded, until cancelled; paced so that they are still
    /// running when the node is killed.
    /// </summary>
    private static void DoraLoop(WireClient client, CancellationToken stop)
    {
        for (var n = 0; n < 200 && !stop.IsCancellationRequested; n++)
        {
            var mac = $"02:00:00:00:e0:{n:x2}";
            var offer = client.Exchange(StaticWire.Discover(mac, StaticWire.NewXid()), TimeSpan.FromSeconds(1));
            if (offer is not { MessageType: DhcpMessageType.Offer }) continue;
            var request = WireClient.NewRequest(DhcpMessageType.Request, MacAddress.Parse(mac), StaticWire.NewXid());
            request.Options.RequestedAddress = offer.YourAddress;
            request.Options.ServerIdentifier = offer.Options.ServerIdentifier;
            client.Exchange(request, TimeSpan.FromSeconds(1));
            stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(40));
        }
    }

    /// <summary>The last ACK the server sent to each client (by chaddr), and whether it went through a relay.</summary>
    private static List<Acked> AckedLeases(IReadOnlyList<CapturedBootp> captured) =>
        captured.Where(c => c.Packet is { Op: BootOp.BootReply } p && p.Options.MessageType == DhcpMessageType.Ack)
            .Select(c => c.Packet!)
            .GroupBy(p => p.ClientMac.ToString())
            .Select(g => g.Last())
            .Select(p => new Acked(p.ClientMac.ToString(), p.YourAddress.ToString(), p.RelayAddress.ToString() != "0.0.0.0"))
            .ToList();

    /// <summary>The bound count of the node's "pool NAME ready: F free, B bound, …" line.</summary>
    private static int BoundAtStart(string log, string pool)
    {
        var m = Regex.Match(log, $@"pool {pool} ready: \d+ free, (\d+) bound");
        Assert.True(m.Success, $"no 'pool {pool} ready' line\n{log}");
        return int.Parse(m.Groups[1].Value);
    }

    /// <summary>What the capture holds, e.g. "Discover 310 relayed, Offer 310 relayed": for failure messages.</summary>
    private static string Census(IReadOnlyList<CapturedBootp> captured) => string.Join(", ",
        captured.GroupBy(c => $"{c.Packet?.Options.MessageType?.ToString() ?? "undecodable"} {(c.Packet?.RelayAddress.ToString() is "0.0.0.0" ? "direct" : "relayed")}")
            .Select(g => $"{g.Key} {g.Count()}"));

    private static string ForeignMac(int i) => $"02:ee:00:00:{i >> 8 & 0xff:x2}:{i & 0xff:x2}";
}
