using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StaticDhcpd.Integration.Tests.Dynamic;
using StaticDhcpd.Integration.Tests.Lab;
using Xunit;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>
/// Three real nodes (no pools, static provider none: membership only, each journal its own SQLite file, one seed) in an
/// <c>mgh</c> lab, each with its management port on its own namespace's loopback. Every node lists the same three Up
/// members, leader and oldest; a leave asked through one node's /api/v1 removes another node; a SIGKILLed member is
/// shown unreachable, observed by the survivor, and a Down asked with PUT removes it.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class MembershipTests
{
    private const int AkkaPort = 4053;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static string Address(int i) => $"10.66.0.{11 + i}";
    private static string Akka(int i) => $"akka.tcp://staticdhcpd@{Address(i)}:{AkkaPort}";

    [Fact]
    public async Task Members_leave_and_down_through_the_management_routes_of_a_three_node_cluster()
    {
        using var lab = new NetnsLab(prefix: "mgh");
        var namespaces = Enumerable.Range(0, 3).Select(i => lab.AddHost($"n{i + 1}", Address(i) + "/24")).ToList();
        var http = namespaces.Select(ns => new ManagementClient(ns, 8558)).ToList();
        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => DynamicServer.StartAsync(lab, new DynamicServerOptions
        {
            Netns = namespaces[i],
            Name = $"node{i + 1}",
            ServerIp = Address(i),
            Pools = "",
            // An empty pools = [ ] with blank lines inside parses as one empty element: set the list again, on one line.
            Extra = "static.provider = none\npools = []",
            Akka = $$"""
                akka.remote.dot-netty.tcp { hostname = "{{Address(i)}}", port = {{AkkaPort}} }
                akka.cluster.seed-nodes = ["{{Akka(0)}}"]
                """,
        })));
        try
        {
            // The same view from every node: three Up members, one leader, node 1 (the first seed) the oldest.
            var views = new List<JsonElement>();
            for (var i = 0; i < 3; i++) views.Add(await WaitForAsync(http[i], m => Statuses(m).Count(s => s == "Up") == 3, "three Up members"));
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(Akka(i), views[i].GetProperty("selfNode").GetString());
                Assert.Equal(Enumerable.Range(0, 3).Select(Akka), Nodes(views[i]));
                Assert.Equal(Akka(0), views[i].GetProperty("oldest").GetString());
                Assert.Equal(Akka(0), views[i].GetProperty("leader").GetString());
            }
            var seeds = (await http[2].GetAsync("/bootstrap/seed-nodes")).Json.GetProperty("seedNodes").EnumerateArray()
                .Select(s => s.GetProperty("node").GetString()).ToList();
            Assert.Equal(Akka(0), seeds[0]);
            Assert.Equal(3, seeds.Count);

            // Node 3 leaves, asked through node 1: it is removed and its process ends.
            var leave = await http[0].SendAsync(HttpMethod.Post, $"/api/v1/cluster/members/{Uri.EscapeDataString(Akka(2))}/leave");
            Assert.True(leave.Status == HttpStatusCode.OK, leave.ToString());
            Assert.Equal($"Leaving {Akka(2)}", leave.Json.GetProperty("message").GetString());
            await WaitForAsync(http[0], m => !Nodes(m).Contains(Akka(2)), "node 3 removed");
            Assert.True(await nodes[2].Process.WaitForExitAsync(TimeSpan.FromSeconds(30)), "node 3 did not exit after leaving");

            // Node 2 is killed: node 1 sees it unreachable, then downs it on request.
            nodes[1].Kill();
            var unreachable = await WaitForAsync(http[0], m => m.GetProperty("unreachable").GetArrayLength() == 1, "node 2 unreachable");
            var u = Assert.Single(unreachable.GetProperty("unreachable").EnumerateArray().ToList());
            Assert.Equal(Akka(1), u.GetProperty("node").GetString());
            Assert.Equal([Akka(0)], u.GetProperty("observedBy").EnumerateArray().Select(o => o.GetString()));
            var down = await http[0].SendAsync(HttpMethod.Put, "/cluster/members/" + $"staticdhcpd@{Address(1)}:{AkkaPort}",
                content: JsonContent.Create(new { operation = "Down" }));
            // The refused-member rule may have downed it first (its port refuses): then it is no member any more.
            Assert.True(down.Status is HttpStatusCode.OK or HttpStatusCode.NotFound, down.ToString());
            if (down.Status == HttpStatusCode.OK) Assert.Equal($"Downing {Akka(1)}", down.Json.GetProperty("message").GetString());
            var alone = await WaitForAsync(http[0], m => Nodes(m).SequenceEqual([Akka(0)]), "node 1 alone");
            Assert.Empty(alone.GetProperty("unreachable").EnumerateArray());
            Assert.Equal(HttpStatusCode.OK, (await http[0].GetAsync("/ready")).Status);
        }
        catch (Exception e) when (e is not InvalidOperationException)
        {
            var tails = string.Join("\n", nodes.Select((n, i) => $"==== node {i + 1} ====\n" + string.Join('\n', n.Log.Split('\n').TakeLast(40))));
            throw new Xunit.Sdk.XunitException(e.Message + "\n" + tails);
        }
        finally
        {
            foreach (var n in nodes) if (!n.Process.HasExited) await n.StopAsync(TimeSpan.FromSeconds(20));
            foreach (var h in http) h.Dispose();
        }
    }

    private static IEnumerable<string?> Statuses(JsonElement members) =>
        members.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("status").GetString());

    private static IReadOnlyList<string?> Nodes(JsonElement members) =>
        members.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("node").GetString()).ToList();

    private static async Task<JsonElement> WaitForAsync(ManagementClient http, Func<JsonElement, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = (await http.GetAsync("/cluster/members")).Json;
            if (done(last)) return last;
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"not {what} within {Bound.TotalSeconds} s; last /cluster/members: {last}");
    }
}
