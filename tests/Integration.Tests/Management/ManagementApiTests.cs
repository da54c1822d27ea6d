using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StaticDhcpd.Integration.Tests.Dynamic;
using StaticDhcpd.Integration.Tests.Lab;
using Xunit;
using static StaticDhcpd.Integration.Tests.Dynamic.DynamicPlan;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>
/// The management HTTP of a real staticdhcpd (the executable, in a lab namespace, namespaces prefixed <c>mgh</c>), seen
/// as an operator on its machine sees it: /ready 200 once the pools have recovered (503 before, when a probe is early
/// enough), the cluster routes, JSON errors, the token on mutations, and /metrics whose Kea counters rise after a real
/// dhclient's DORA.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class ManagementApiTests
{
    private const int Port = 8558;
    private const string Token = "mgh-t0ken";
    private static readonly TimeSpan Obtain = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_real_node_answers_every_management_route_as_the_contract_says()
    {
        using var lab = new NetnsLab(prefix: "mgh");
        using var http = new ManagementClient(lab.ServerNs, Port);
        using var hook = new WebhookListener(lab.ServerNs);
        var options = GuestsServer(60) with
        {
            Extra = $$"""
                management { token = "{{Token}}" }
                webhook { url = "{{hook.Url}}", events = ["lease-granted"], timeout = 5s }
                """,
        };

        // Ask /ready from before the process starts until the node serves: what an orchestrator's probe sees.
        using var polling = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var readyAnswers = PollReadyAsync(http, polling.Token);
        var server = await DynamicServer.StartAsync(lab, options);
        await server.RunTestAsync(async () =>
        {
            var seen = await readyAnswers;
            // The probe's first answer is a 503 when it comes before the pools have recovered, about a second after
            // Kestrel listens; often it comes after (the first request compiles the pipeline). ReadinessTests holds a
            // node at 503 for certain; here, any 503 seen says what is missing, and the last answer is a 200.
            foreach (var early in seen.SkipLast(1))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, early.Status);
                var notReady = early.Json;
                Assert.False(notReady.GetProperty("ready").GetBoolean());
                Assert.Equal(["member-up", "pools-recovered", "journal"], Checks(notReady).Select(c => c.Name));
                Assert.Contains(Checks(notReady), c => c is { Name: "pools-recovered", Ok: false });
            }
            Assert.Equal(HttpStatusCode.OK, seen[^1].Status);
            Assert.True(seen[^1].Json.GetProperty("ready").GetBoolean());
            Assert.All(Checks(seen[^1].Json), c => Assert.True(c.Ok, $"{c.Name}: {c.Detail}"));

            await AssertClusterRoutesAsync(http);
            await AssertErrorsAndAuthAsync(http);
            await AssertMetricsRiseAfterDoraAsync(http, lab, hook);

            // With the token a mutation is carried out: the node leaves its cluster of one, and its process ends with
            // 0, a stop as asked (a supervisor restarting on failure leaves it out).
            var self = (await http.GetAsync("/remote/address")).Json.GetProperty("address").GetString()!;
            var leave = await http.SendAsync(HttpMethod.Put, "/cluster/members/" + Uri.EscapeDataString(self), Token,
                JsonContent.Create(new { operation = "Leave" }));
            Assert.True(leave.Status == HttpStatusCode.OK, leave.ToString());
            Assert.Equal($"Leaving {self}", leave.Json.GetProperty("message").GetString());
            Assert.True(await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the node did not exit after leaving");
            Assert.Equal(0, server.Process.ExitCode);
            Assert.Contains("left the cluster as asked", server.CurrentLog);
        });
    }

    private static async Task<List<ManagementClient.Answer>> PollReadyAsync(ManagementClient http, CancellationToken ct)
    {
        var answers = new List<ManagementClient.Answer>();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var a = await http.GetAsync("/ready");
                if (answers.Count == 0 || answers[^1].Status != a.Status) answers.Add(a);
                if (a.Status == HttpStatusCode.OK) return answers;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50, CancellationToken.None);
        }
        return answers;
    }

    private static IEnumerable<(string Name, bool Ok, string Detail)> Checks(JsonElement ready) =>
        ready.GetProperty("checks").EnumerateArray()
            .Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("ok").GetBoolean(), c.GetProperty("detail").GetString()!))
            .ToList();

    private static async Task AssertClusterRoutesAsync(ManagementClient http)
    {
        var alive = await http.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.Status);
        Assert.Equal("alive", alive.Json.GetProperty("status").GetString());

        var self = (await http.GetAsync("/remote/address")).Json.GetProperty("address").GetString()!;
        Assert.Matches(@"^akka\.tcp://staticdhcpd@127\.0\.0\.1:\d+$", self);

        var seeds = await http.GetAsync("/bootstrap/seed-nodes");
        Assert.Equal(HttpStatusCode.OK, seeds.Status);
        Assert.Equal(self, seeds.Json.GetProperty("selfNode").GetString());
        var seed = Assert.Single(seeds.Json.GetProperty("seedNodes").EnumerateArray().ToList());
        Assert.Equal(self, seed.GetProperty("node").GetString());
        Assert.Equal("Up", seed.GetProperty("status").GetString());

        foreach (var route in new[] { "/cluster/members", "/api/v1/cluster" })
        {
            var members = await http.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, members.Status);
            Assert.Equal("application/json", members.ContentType);
            var m = members.Json;
            Assert.Equal(self, m.GetProperty("selfNode").GetString());
            Assert.Equal(self, m.GetProperty("leader").GetString());
            Assert.Equal(self, m.GetProperty("oldest").GetString());
            Assert.Empty(m.GetProperty("unreachable").EnumerateArray());
            var member = Assert.Single(m.GetProperty("members").EnumerateArray().ToList());
            Assert.Equal(self, member.GetProperty("node").GetString());
            Assert.Equal("Up", member.GetProperty("status").GetString());
            Assert.NotEqual(0, member.GetProperty("nodeUid").GetInt64());
            Assert.Empty(member.GetProperty("roles").EnumerateArray());
        }
        var one = await http.GetAsync("/cluster/members/" + Uri.EscapeDataString(self));
        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal(self, one.Json.GetProperty("node").GetString());
        var byHostPort = await http.GetAsync("/cluster/members/" + self["akka.tcp://".Length..]);
        Assert.Equal(self, byHostPort.Json.GetProperty("node").GetString());

        // One pool: 16 buckets of "guests" in the lease region, one pool entity, every bucket owned by this node.
        var lease = await http.GetAsync("/cluster/shards/lease");
        Assert.Equal(HttpStatusCode.OK, lease.Status);
        var shards = lease.Json.GetProperty("shards").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 16).Select(b => $"{PoolName}|{b}"), shards.Select(s => s.GetProperty("shardId").GetString()));
        Assert.All(shards, s => Assert.Equal(1, s.GetProperty("numberOfEntities").GetInt32()));

        var sharding = (await http.GetAsync("/api/v1/sharding")).Json;
        var regions = sharding.GetProperty("regions").EnumerateArray().ToList();
        Assert.Equal(["lease", "pool"], regions.Select(r => r.GetProperty("typeName").GetString()));
        Assert.Equal(16, regions[0].GetProperty("shards").GetArrayLength());
        Assert.All(regions.SelectMany(r => r.GetProperty("shards").EnumerateArray()), s => Assert.Equal(self, s.GetProperty("node").GetString()));
        var buckets = sharding.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 16), buckets.Select(b => b.GetProperty("bucket").GetInt32()));
        Assert.All(buckets, b => Assert.Equal(self, b.GetProperty("node").GetString()));
    }

    private static async Task AssertErrorsAndAuthAsync(ManagementClient http)
    {
        static void AssertError(ManagementClient.Answer a, HttpStatusCode status, string code)
        {
            Assert.True(a.Status == status, $"expected {(int)status}, got {a}");
            Assert.Equal("application/json", a.ContentType);
            var e = a.Json.GetProperty("error");
            Assert.Equal(code, e.GetProperty("code").GetString());
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString()));
        }

        AssertError(await http.GetAsync("/cluster/shards/nope"), HttpStatusCode.NotFound, "not-found");
        AssertError(await http.GetAsync("/cluster/members/staticdhcpd@127.0.0.1:1"), HttpStatusCode.NotFound, "not-found");
        AssertError(await http.GetAsync("/no/such/route"), HttpStatusCode.NotFound, "not-found");

        var self = (await http.GetAsync("/remote/address")).Json.GetProperty("address").GetString()!;
        var member = "/cluster/members/" + Uri.EscapeDataString(self);
        var down = new FormUrlEncodedContent([new("operation", "Down")]);
        // A mutation without the token, or with another one, changes nothing: the node stays Up.
        AssertError(await http.SendAsync(HttpMethod.Delete, member), HttpStatusCode.Unauthorized, "unauthorized");
        AssertError(await http.SendAsync(HttpMethod.Put, member, content: down), HttpStatusCode.Unauthorized, "unauthorized");
        AssertError(await http.SendAsync(HttpMethod.Post, $"/api/v1/cluster/members/{Uri.EscapeDataString(self)}/down"),
            HttpStatusCode.Unauthorized, "unauthorized");
        AssertError(await http.SendAsync(HttpMethod.Delete, member, token: "not-" + Token), HttpStatusCode.Forbidden, "forbidden");
        AssertError(await http.SendAsync(HttpMethod.Post, "/api/v1/anything", token: "not-" + Token), HttpStatusCode.Forbidden, "forbidden");
        // With the token: the request reaches its route, which names what is wrong with it.
        AssertError(await http.SendAsync(HttpMethod.Put, member, Token, new FormUrlEncodedContent([new("operation", "Reboot")])),
            HttpStatusCode.BadRequest, "bad-request");
        AssertError(await http.SendAsync(HttpMethod.Post, "/api/v1/cluster/members/staticdhcpd@127.0.0.1:1/down", Token),
            HttpStatusCode.NotFound, "not-found");
        var members = (await http.GetAsync("/cluster/members")).Json.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal("Up", Assert.Single(members).GetProperty("status").GetString());
    }

    private static async Task AssertMetricsRiseAfterDoraAsync(ManagementClient http, NetnsLab lab, WebhookListener hook)
    {
        var before = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal("text/plain", before.ContentType);
        string[] counters = ["pkt4_received_total", "pkt4_discover_received_total", "pkt4_request_received_total",
            "pkt4_offer_sent_total", "pkt4_ack_sent_total", "pkt4_sent_total"];
        var assigned = $"assigned_addresses{{pool=\"{PoolName}\"}}";
        var was = counters.Append(assigned).ToDictionary(c => c, c => PrometheusText.Value(before.Body, c)
            ?? throw new Xunit.Sdk.XunitException($"{c} missing from /metrics:\n{before.Body}"));
        Assert.Equal(241, PrometheusText.Value(before.Body, $"total_addresses{{pool=\"{PoolName}\"}}"));

        var dhclient = new Dhclient(lab.AddClient(mac: "02:00:00:00:4d:01"));
        var lease = await dhclient.ObtainAsync(Obtain);
        AssertPoolLease(lease, "BOUND", 60);

        var after = (await http.GetAsync("/metrics")).Body;
        foreach (var c in counters)
            Assert.True(PrometheusText.Value(after, c) >= was[c] + 1, $"{c} did not rise after a DORA: {was[c]} -> {PrometheusText.Value(after, c)}");
        Assert.Equal(was[assigned] + 1, PrometheusText.Value(after, assigned));
        Assert.Equal(1, PrometheusText.Value(after, $"staticdhcpd_pool_answered{{pool=\"{PoolName}\"}}"));
        Assert.Equal(1, PrometheusText.Value(after, "staticdhcpd_cluster_members{status=\"up\"}"));
        // The binding was written before the ACK left: at least one more durable write, carrying at least one event,
        // that took some time, and nothing failed.
        string[] journal = ["staticdhcpd_journal_writes_total", "staticdhcpd_journal_events_written_total", "staticdhcpd_journal_write_seconds_total"];
        foreach (var j in journal)
            Assert.True(PrometheusText.Value(after, j) > (PrometheusText.Value(before.Body, j) ?? 0), $"{j} did not rise after a DORA");
        Assert.Equal(0, PrometheusText.Value(after, "staticdhcpd_journal_write_failures_total{kind=\"failed\"}"));
        Assert.Equal(0, PrometheusText.Value(after, $"reclaimed_leases_total{{pool=\"{PoolName}\"}}")); // nothing expired yet

        // The lease-granted notice reaches the listener; the webhook's counter says so.
        Assert.NotNull(await hook.WaitForAsync(p => p.Field("event") == "lease-granted", TimeSpan.FromSeconds(10)));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        double? sent = null;
        while (DateTime.UtcNow < deadline && (sent = PrometheusText.Value((await http.GetAsync("/metrics")).Body, "staticdhcpd_webhook_sent_total")) is not >= 1)
            await Task.Delay(200);
        Assert.True(sent >= 1, $"staticdhcpd_webhook_sent_total is {sent} after the listener got the notice");
    }
}
