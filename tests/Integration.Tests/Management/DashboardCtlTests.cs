using System.Globalization;
using System.Text.Json;
using StaticDhcpd.Integration.Tests.Lab;
using Xunit;
using Xunit.Abstractions;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>
/// `staticdhcpd ctl`, the real executable, against the real node of <see cref="DashboardLab"/> after a real dhclient
/// took a lease: every verb (leases add and a real ARP scan too), with --json parsed and without (tables), the documented exit codes (1 refused or not
/// found, 2 usage, 3 unreachable), the token taken from --config or refused (401 none, 403 wrong), the lease export
/// parsed back as CSV, a live event through `events tail`, and last the node asked to leave.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class DashboardCtlTests(ITestOutputHelper output)
{
    private const string KeaHeader = "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id";

    [Fact]
    public async Task Every_ctl_verb_against_a_real_node()
    {
        LabRequirements.EnsureTools("dhclient");
        using var d = await DashboardLab.StartAsync();
        await d.Server.RunTestAsync(async () =>
        {
            var (client, lease) = await d.ObtainAsync("02:00:00:00:dc:11");
            var address = lease.Address!;
            const string mac = "02:00:00:00:dc:11";
            var config = d.Server.ConfigFile;
            // With --config: the endpoint and the token come from staticdhcpd.management.
            Task<CtlResult> Ctl(params string[] args) => Logged(d.CtlAsync(["--config", config, .. args]));
            async Task<CtlResult> Logged(Task<CtlResult> run)
            {
                var r = await run;
                output.WriteLine(r.ToString());
                return r;
            }
            static void Exit(int code, CtlResult r) => Assert.True(code == r.Code, $"expected exit {code}, got {r}");

            // cluster show
            var cluster = await Ctl("cluster", "show", "--json");
            Exit(0, cluster);
            var selfNode = cluster.Json.GetProperty("selfNode").GetString()!;
            Assert.StartsWith("akka.tcp://staticdhcpd@", selfNode);
            Assert.Contains(cluster.Json.GetProperty("members").EnumerateArray(), m => m.GetProperty("node").GetString() == selfNode && m.GetProperty("status").GetString() == "Up");
            var clusterTable = await Ctl("cluster", "show");
            Exit(0, clusterTable);
            Assert.Contains($"leader: {cluster.Json.GetProperty("leader").GetString()}", clusterTable.Out);
            Assert.Matches(@"(?m)^NODE\s+STATUS\s+ROLES\s+UID$", clusterTable.Out);
            Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(selfNode)}\s+Up\b", clusterTable.Out);

            // sharding regions | stats
            var sharding = await Ctl("sharding", "regions", "--json");
            Exit(0, sharding);
            Assert.Equal(JsonValueKind.Array, sharding.Json.GetProperty("regions").ValueKind);
            var regions = await Ctl("sharding", "regions");
            Exit(0, regions);
            Assert.Matches(@"(?m)^REGION\s+SHARDS\s+ENTITIES\s+NODES$", regions.Out);
            foreach (var r in sharding.Json.GetProperty("regions").EnumerateArray())
                Assert.Matches($@"(?m)^{r.GetProperty("typeName").GetString()}\s+\d+", regions.Out);
            var stats = await Ctl("sharding", "stats");
            Exit(0, stats);
            Assert.Matches(@"(?m)^REGION\s+SHARD\s+NODE\s+ENTITIES$", stats.Out);

            // pools list | show
            var pools = await Ctl("pools", "list", "--json");
            Exit(0, pools);
            var guests = pools.Json.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "guests");
            Assert.Equal(241, guests.GetProperty("total").GetInt32());
            Assert.True(guests.GetProperty("bound").GetInt32() >= 1, guests.ToString());
            var poolsTable = await Ctl("pools", "list");
            Exit(0, poolsTable);
            Assert.Matches(@"(?m)^guests\s+10\.77\.0\.0/16\s+241\s+\d+", poolsTable.Out);
            var show = await Ctl("pools", "show", "guests", "--json");
            Exit(0, show);
            Assert.Equal("10.77.0.0/16", show.Json.GetProperty("subnet").GetString());
            Exit(0, await Ctl("pools", "show", "guests"));
            var noPool = await Ctl("pools", "show", "no-such-pool");
            Exit(1, noPool);
            Assert.Contains("not-found", noPool.Err);

            // scan status | scan <pool> --wait: a real ARP scan of the pool on the lab's segment, followed to its end; the
            // start needs the token like any mutation.
            var before = await Ctl("scan", "status", "--json");
            Exit(0, before);
            var idle = before.Json.EnumerateArray().Single(s => s.GetProperty("pool").GetString() == "guests");
            Assert.Equal("idle", idle.GetProperty("state").GetString());   // no scan on start in this lab
            Assert.Equal(241, idle.GetProperty("total").GetInt32());
            var scanNoToken = await Logged(d.CtlAsync("--endpoint", DashboardLab.Endpoint, "scan", "guests"));
            Exit(1, scanNoToken);
            Assert.Contains("unauthorized", scanNoToken.Err);
            var scan = await Ctl("scan", "guests", "--wait");
            Exit(0, scan);
            var scanLines = scan.Out.Trim().Split('\n');
            Assert.StartsWith("guests: running, ", scanLines[0]);
            var done = System.Text.RegularExpressions.Regex.Match(scanLines[^1],
                @"^guests: finished, 241/241 probed \(100%\), (\d+) answered, on (\S+), started \S+Z, ended \S+Z$");
            Assert.True(done.Success, scan.Out);
            // The dhclient host holding its lease answers for it.
            Assert.True(int.Parse(done.Groups[1].Value) >= 1, scan.Out);
            var scanTable = await Ctl("scan", "status");
            Exit(0, scanTable);
            Assert.Matches(@"(?m)^POOL\s+STATE\s+PROBED\s+ANSWERED\s+INTERFACE\s+NOTE$", scanTable.Out);
            Assert.Matches($@"(?m)^guests\s+finished\s+241/241\s+{done.Groups[1].Value}\s+{done.Groups[2].Value}$", scanTable.Out);
            Exit(1, await Ctl("scan", "no-such-pool"));
            // The relayed pool: no interface of the node faces it, so the start is refused 409 with the node's note.
            var relayed = before.Json.EnumerateArray().Single(s => s.GetProperty("pool").GetString() == DashboardLab.RelayedPool);
            Assert.Equal("unavailable", relayed.GetProperty("state").GetString());
            var note = relayed.GetProperty("note").GetString();
            Assert.False(string.IsNullOrWhiteSpace(note), relayed.ToString());
            Assert.Matches($@"(?m)^{DashboardLab.RelayedPool}\s+unavailable\s+0/10\s+0\s+{System.Text.RegularExpressions.Regex.Escape(note)}$", scanTable.Out);
            var refused = await Ctl("scan", DashboardLab.RelayedPool, "--wait");
            Exit(1, refused);
            Assert.Contains($"scan-unavailable: {note} (HTTP 409)", refused.Err);

            // leases list | show | export
            var leases = await Ctl("leases", "list", "--pool", "guests", "--json");
            Exit(0, leases);
            var item = leases.Json.GetProperty("items").EnumerateArray().Single(l => l.GetProperty("address").GetString() == address);
            Assert.Equal(mac, item.GetProperty("mac").GetString());
            Assert.Equal("bound", item.GetProperty("state").GetString());
            var searched = await Ctl("leases", "list", "--search", "dc:11", "--json");
            Exit(0, searched);
            Assert.Equal(1, searched.Json.GetProperty("total").GetInt32());
            var leasesTable = await Ctl("leases", "list");
            Exit(0, leasesTable);
            Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(address)}\s+{mac}\s+.*guests\s+bound\s", leasesTable.Out);
            foreach (var key in new[] { address, mac })
            {
                var one = await Ctl("leases", "show", key, "--json");
                Exit(0, one);
                Assert.Equal(address, one.Json.GetProperty("address").GetString());
            }
            Exit(0, await Ctl("leases", "show", mac));
            Exit(1, await Ctl("leases", "show", "10.77.100.249"));

            var export = await Ctl("leases", "export");
            Exit(0, export);
            AssertCsvHasLease(export.Out, address, mac);
            var exportFile = Path.Combine(d.Lab.WorkDir, "leases.csv");
            Exit(0, await Ctl("leases", "export", "--output", exportFile, "--json"));
            AssertCsvHasLease(File.ReadAllText(exportFile), address, mac);

            // leases add: an operator-made lease on a free address; the same address again is refused (409)
            var made = await Ctl("leases", "add", "--pool", "guests", "--mac", "02:00:00:00:dc:99", "--address", "10.77.100.200",
                "--lease-time", "300", "--hostname", "by-hand", "--json");
            Exit(0, made);
            Assert.Equal("10.77.100.200", made.Json.GetProperty("address").GetString());
            Assert.Equal("bound", made.Json.GetProperty("state").GetString());
            var madeTable = await Ctl("leases", "show", "02:00:00:00:dc:99");
            Exit(0, madeTable);
            Assert.Matches(@"(?m)^hostname\s+by-hand$", madeTable.Out);
            var taken = await Ctl("leases", "add", "--pool", "guests", "--mac", "02:00:00:00:dc:98", "--address", "10.77.100.200");
            Exit(1, taken);
            Assert.Contains("(HTTP 409)", taken.Err);
            Exit(2, await Ctl("leases", "add", "--pool", "guests", "--mac", "02:00:00:00:dc:98", "--address", "10.1.1.1"));   // 400: not the pool's
            Exit(0, await Ctl("leases", "release", "02:00:00:00:dc:99"));

            // stats
            var statistics = await Ctl("stats", "--json");
            Exit(0, statistics);
            var counters = statistics.Json.GetProperty("counters");
            Assert.True(counters.EnumerateObject().Any(c => c.Value.ValueKind == JsonValueKind.Number && c.Value.GetInt64() > 0), counters.ToString());
            var statsTable = await Ctl("stats");
            Exit(0, statsTable);
            Assert.Matches(@"(?m)^COUNTER\s+VALUE$", statsTable.Out);

            // maps list | add | remove | flush (SQLite: writable)
            var maps = await Ctl("maps", "list", "--json");
            Exit(0, maps);
            Assert.Contains(maps.Json.GetProperty("items").EnumerateArray(), m => m.GetProperty("mac").GetString() == DashboardLab.StaticMac);
            Exit(0, await Ctl("maps", "list"));
            var add = await Ctl("maps", "add", "--mac", "02:00:00:00:5c:02", "--ip", "10.66.0.51", "--subnet", "lab", "--hostname", "static-two", "--json");
            Exit(0, add);
            Assert.Equal("10.66.0.51", add.Json.GetProperty("ip").GetString());
            var again = await Ctl("maps", "add", "--mac", "02:00:00:00:5c:03", "--ip", "10.66.0.51", "--subnet", "lab");
            Exit(1, again);   // 409: the address is taken in (lab, 0)
            Assert.Contains("(HTTP 409)", again.Err);
            var listed = await Ctl("maps", "list", "--search", "5c:02", "--json");
            Assert.Equal(1, listed.Json.GetProperty("total").GetInt32());
            Exit(0, await Ctl("maps", "remove", "02:00:00:00:5c:02"));
            Exit(1, await Ctl("maps", "remove", "02:00:00:00:5c:02"));
            var flush = await Ctl("maps", "flush", "--json");
            Exit(0, flush);
            Assert.True(flush.Json.GetProperty("entriesDropped").GetInt32() >= 0);
            Exit(0, await Ctl("maps", "flush"));

            // The token: none (401) and wrong (403) are refused, exit 1; a read needs none.
            var noToken = await Logged(d.CtlAsync("--endpoint", DashboardLab.Endpoint, "maps", "flush"));
            Exit(1, noToken);
            Assert.Contains("unauthorized", noToken.Err);
            var wrongToken = await Ctl("--token", "wrong", "maps", "flush");
            Exit(1, wrongToken);
            Assert.Contains("forbidden", wrongToken.Err);
            Exit(0, await Logged(d.CtlAsync("--endpoint", DashboardLab.Endpoint, "pools", "list")));

            // events tail sees the release that follows, live; then the lease is gone.
            var tail = d.StartCtl("--config", config, "events", "tail", "--json", "--count", "1", "--for", "40");
            // It says so once the node has answered, which the node does once its subscription is in place.
            Assert.True(await tail.WaitForOutputAsync("following the events of", TimeSpan.FromSeconds(30)), "events tail did not start\n" + tail.Output);
            var release = await Ctl("leases", "release", address, "--json");
            Exit(0, release);
            Assert.Equal(address, release.Json.GetProperty("released").GetString());
            Assert.True(await tail.WaitForExitAsync(TimeSpan.FromSeconds(45)), "events tail did not end\n" + tail.Output);
            output.WriteLine(tail.Output);
            Assert.Equal(0, tail.ExitCode);
            var line = JsonDocument.Parse(tail.StandardOutput.Trim().Split('\n')[0]).RootElement;
            Assert.Equal("lease-released", line.GetProperty("event").GetString());
            Assert.Contains(address, line.GetProperty("data").GetRawText());
            Exit(1, await Ctl("leases", "show", address));
            Exit(1, await Ctl("leases", "release", address));
            var tailTable = await Ctl("events", "tail", "--for", "2");
            Exit(0, tailTable);

            // Usage (2) and unreachable (3).
            Exit(2, await Ctl("leases", "bogus"));
            Exit(2, await Ctl("leases", "list", "--state", "lost"));
            Exit(3, await Logged(d.CtlAsync("--endpoint", "http://127.0.0.1:1", "pools", "list")));
            Exit(1, await Ctl("cluster", "down", "akka.tcp://staticdhcpd@10.66.0.99:4053"));

            // Last: the node leaves the cluster when asked.
            await client.StopAsync();
            var leave = await Ctl("cluster", "leave", selfNode);
            Exit(0, leave);
            Assert.Contains("Leaving", leave.Out);
        });
    }

    /// <summary>Kea's memfile lease4 CSV: the header, and a row for the lease with its MAC, bound (state 0), expiring later.</summary>
    private static void AssertCsvHasLease(string csv, string address, string mac)
    {
        var lines = csv.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(KeaHeader, lines[0]);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
        var row = rows.Single(r => r[0] == address);
        string Field(string name) => row[Array.IndexOf(header, name)];
        Assert.Equal(mac, Field("hwaddr"));
        Assert.Equal("0", Field("state"));
        Assert.Equal(DashboardLab.LeaseSeconds, int.Parse(Field("valid_lifetime"), CultureInfo.InvariantCulture));
        var expire = DateTimeOffset.FromUnixTimeSeconds(long.Parse(Field("expire"), CultureInfo.InvariantCulture));
        Assert.InRange(expire, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddSeconds(DashboardLab.LeaseSeconds + 5));
    }
}
