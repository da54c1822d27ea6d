using System.Diagnostics;
using Akka.Cluster;
using StaticDhcpd.Actors.Clustering;
using Xunit;
using Xunit.Abstractions;

namespace StaticDhcpd.Actors.Tests.Clustering;

/// <summary>Several nodes in this process: every bucket's entity runs on the member every node's table names, and
/// again after a join, a graceful leave, a crash and the coordinator's node leaving. Each spec prints its timings.</summary>
[Collection("in-process cluster")]
public sealed class BucketPlacementSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly List<BucketClusterNode> _all = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _all) await node.Stop();
    }

    private async Task<BucketClusterNode> Add(BucketClusterNode? seed = null, bool crashable = false)
    {
        var node = await BucketClusterNode.Start(seed?.Address, crashable);
        _all.Add(node);
        return node;
    }

    private async Task<List<BucketClusterNode>> ThreeNodes(bool lastCrashable = false)
    {
        var a = await Add();
        var b = await Add(a);
        var c = await Add(a, lastCrashable);
        var formed = await UntilBucketsFollowTables([a, b, c]);
        output.WriteLine($"3 nodes formed; buckets placed by the tables after {formed.TotalSeconds:F1} s");
        return [a, b, c];
    }

    /// <summary>Waits (bounded) until every bucket answers from the owner that every given node's table names, and the
    /// tables split the buckets between exactly these nodes; returns how long that took.</summary>
    private async Task<TimeSpan> UntilBucketsFollowTables(IReadOnlyList<BucketClusterNode> nodes)
    {
        var watch = Stopwatch.StartNew();
        var addresses = nodes.Select(n => n.Address.ToString()).ToHashSet();
        string problem = "";
        while (watch.Elapsed < Bound)
        {
            var hosts = await Task.WhenAll(Enumerable.Range(0, Buckets.Count).Select(b => nodes[b % nodes.Count].Locate(b)));
            problem = Disagreement(nodes, addresses, hosts);
            if (problem == "")
            {
                output.WriteLine(string.Join("; ", nodes.Select(n =>
                    $"{n.Address.Port}: {n.Holder.Current.MineCount} buckets [{string.Join(",", n.Holder.Current.MyBuckets)}]")));
                return watch.Elapsed;
            }
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"buckets did not follow the tables within {Bound.TotalSeconds} s: {problem}");
    }

    private static string Disagreement(IReadOnlyList<BucketClusterNode> nodes, HashSet<string> addresses, string?[] hosts)
    {
        for (var b = 0; b < Buckets.Count; b++)
        {
            if (hosts[b] is null) return $"bucket {b} did not answer";
            if (!addresses.Contains(hosts[b]!)) return $"bucket {b} runs on {hosts[b]}, not a live member";
            foreach (var n in nodes)
                if (n.Holder.Current.Owner(b)?.ToString() != hosts[b])
                    return $"bucket {b} runs on {hosts[b]}, {n.Address.Port}'s table says {n.Holder.Current.Owner(b)}";
        }
        var owned = nodes.Sum(n => n.Holder.Current.MineCount);
        return owned == Buckets.Count ? "" : $"the tables claim {owned} buckets";
    }

    [Fact]
    public async Task Buckets_spread_over_the_members_and_follow_a_join()
    {
        var a = await Add();
        var b = await Add(a);
        output.WriteLine($"2 nodes: placed after {(await UntilBucketsFollowTables([a, b])).TotalSeconds:F1} s");

        var watch = Stopwatch.StartNew();
        var c = await Add(a);
        output.WriteLine($"join: third node Up after {watch.Elapsed.TotalSeconds:F1} s");
        await UntilBucketsFollowTables([a, b, c]);
        output.WriteLine($"join: every bucket on its new owner {watch.Elapsed.TotalSeconds:F1} s after the join started");
    }

    [Fact]
    public async Task Buckets_move_to_the_others_when_a_member_leaves()
    {
        var nodes = await ThreeNodes();
        var leaving = nodes[1];
        var watch = Stopwatch.StartNew();
        leaving.Cluster.Leave(leaving.Address);
        await UntilBucketsFollowTables([nodes[0], nodes[2]]);
        output.WriteLine($"graceful leave: every bucket answers on the tables' owners {watch.Elapsed.TotalSeconds:F1} s after Leave");
        Assert.Equal(0, leaving.Holder.Current.MineCount);
    }

    [Fact]
    public async Task Buckets_move_to_the_survivors_when_a_member_crashes()
    {
        var nodes = await ThreeNodes(lastCrashable: true);
        var crashed = nodes[2];
        var survivors = nodes.Take(2).ToList();
        var watch = Stopwatch.StartNew();
        await crashed.Stop();
        _all.Remove(crashed);

        // A crash, not a leave: the survivors must first find it unreachable.
        while (!survivors[0].Cluster.State.Unreachable.Any(m => m.Address.Equals(crashed.Address)) && watch.Elapsed < Bound)
            await Task.Delay(100);
        Assert.Contains(survivors[0].Cluster.State.Unreachable, m => m.Address.Equals(crashed.Address));
        output.WriteLine($"crash: unreachable after {watch.Elapsed.TotalSeconds:F1} s");

        await UntilBucketsFollowTables(survivors);
        output.WriteLine($"crash: every bucket answers on the tables' owners {watch.Elapsed.TotalSeconds:F1} s after the crash");
        Assert.DoesNotContain(survivors[0].Cluster.State.Members, m => m.Address.Equals(crashed.Address) && m.Status == MemberStatus.Up);
    }

    [Fact]
    public async Task Buckets_move_when_the_coordinators_node_leaves()
    {
        var nodes = await ThreeNodes();
        // The shard coordinator is a singleton on the oldest member.
        var oldest = nodes[0].Cluster.State.Members.Where(m => m.Status == MemberStatus.Up).OrderBy(m => m, Member.AgeOrdering).First();
        var leaving = nodes.Single(n => n.Address.Equals(oldest.Address));
        var rest = nodes.Where(n => n != leaving).ToList();
        var watch = Stopwatch.StartNew();
        leaving.Cluster.Leave(leaving.Address);
        await UntilBucketsFollowTables(rest);
        output.WriteLine($"coordinator's node leaves: every bucket answers on the tables' owners {watch.Elapsed.TotalSeconds:F1} s after Leave");
        Assert.Equal(0, leaving.Holder.Current.MineCount);
    }
}
