using Akka.Actor;
using Akka.Cluster.Sharding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Node.Hosting;

namespace StaticDhcpd.Node.Management;

public sealed record ShardJson(string ShardId, int NumberOfEntities);

public sealed record RegionShardsJson(IReadOnlyList<ShardJson> Shards);

public sealed record ClusterShardJson(string ShardId, string Node, int Entities);

public sealed record RegionJson(string TypeName, IReadOnlyList<ClusterShardJson> Shards);

public sealed record BucketJson(int Bucket, string? Node);

public sealed record ShardingJson(IReadOnlyList<RegionJson> Regions, IReadOnlyList<BucketJson> Buckets);

/// <summary><c>GET /cluster/shards/{region}</c> (this node's shards of a region, Akka.Management's route) and
/// <c>GET /api/v1/sharding</c> (every region's shards across the cluster, and which member owns each bucket).</summary>
public static class ShardingEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static void MapShardingEndpoints(this IEndpointRouteBuilder app, NodeServices node)
    {
        app.MapGet("/cluster/shards/{region}", async (string region, CancellationToken ct) =>
        {
            if (Region(node, region) is not { } actor)
                return ApiError.Status404($"no shard region '{region}' on this node (regions: {string.Join(", ", RegionNames(node))})");
            try
            {
                var state = await actor.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, AskTimeout, ct);
                return Results.Json(new RegionShardsJson(state.Shards
                    .Select(s => new ShardJson(s.ShardId, s.EntityIds.Count))
                    .OrderBy(s => s.ShardId, ShardIdOrder.Instance).ToList()));
            }
            catch (AskTimeoutException)
            {
                return ApiError.Status504($"shard region '{region}' did not answer within {AskTimeout.TotalSeconds} s");
            }
        });

        app.MapGet("/api/v1/sharding", async (CancellationToken ct) =>
        {
            var regions = new List<RegionJson>();
            foreach (var name in RegionNames(node))
            {
                try
                {
                    var stats = await Region(node, name)!.Ask<ClusterShardingStats>(new GetClusterShardingStats(AskTimeout),
                        AskTimeout + TimeSpan.FromSeconds(1), ct);
                    regions.Add(new RegionJson(name, stats.Regions
                        .SelectMany(r => r.Value.Stats.Select(s => new ClusterShardJson(s.Key, r.Key.ToString(), s.Value)))
                        .OrderBy(s => s.ShardId, ShardIdOrder.Instance).ToList()));
                }
                catch (AskTimeoutException)
                {
                    return ApiError.Status504($"shard region '{name}' did not answer within {AskTimeout.TotalSeconds} s");
                }
            }
            var table = node.Buckets.Current;
            var buckets = Enumerable.Range(0, Buckets.Count).Select(b => new BucketJson(b, table.Owner(b)?.ToString())).ToList();
            return Results.Json(new ShardingJson(regions, buckets));
        });
    }

    private static IEnumerable<string> RegionNames(NodeServices node) =>
        node.Pools is null ? [] : [PoolSharding.LeaseTypeName, PoolSharding.PoolTypeName];

    private static IActorRef? Region(NodeServices node, string name) => node.Pools switch
    {
        null => null,
        var p when name == PoolSharding.LeaseTypeName => p.Leases,
        var p when name == PoolSharding.PoolTypeName => p.Pools,
        _ => null,
    };
}

/// <summary>Shard ids with their trailing numbers in numeric order: "2" before "10", "g|2" before "g|10".</summary>
public sealed class ShardIdOrder : IComparer<string>
{
    public static readonly ShardIdOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        var (px, nx) = Split(x ?? "");
        var (py, ny) = Split(y ?? "");
        var c = string.CompareOrdinal(px, py);
        return c != 0 ? c : nx != ny ? nx.CompareTo(ny) : string.CompareOrdinal(x, y);
    }

    private static (string Prefix, long Number) Split(string id)
    {
        var i = id.Length;
        while (i > 0 && char.IsAsciiDigit(id[i - 1])) i--;
        return i < id.Length && long.TryParse(id[i..], out var n) ? (id[..i], n) : (id, -1);
    }
}
