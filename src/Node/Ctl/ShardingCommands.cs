using System.CommandLine;
using System.Text.Json;

namespace StaticDhcpd.Node.Ctl;

/// <summary>`ctl sharding regions|stats`: the shard regions and where their shards and the pool buckets live.</summary>
public static class ShardingCommands
{
    public static Command Build(CtlGlobals g)
    {
        var regions = new Command("regions", "Each shard region: shards, entities, on how many nodes")
            .Verb(g, (_, c, ct) => c.Get("api/v1/sharding", RenderRegions, ct));
        var stats = new Command("stats", "Every shard with its node and entity count, and the buckets each node owns")
            .Verb(g, (_, c, ct) => c.Get("api/v1/sharding", RenderStats, ct));
        return CtlCommand.Noun("sharding", "Cluster sharding: regions, shards, buckets", regions, stats);
    }

    public static void RenderRegions(JsonElement e, TextWriter w)
    {
        var t = new Table("REGION", "SHARDS", "ENTITIES", "NODES");
        foreach (var r in e.Items("regions"))
        {
            var shards = r.Items("shards").ToList();
            t.Add(r.Str("typeName"), shards.Count, shards.Sum(s => s.Long("entities")), shards.Select(s => s.Str("node")).Distinct().Count());
        }
        t.Write(w);
    }

    public static void RenderStats(JsonElement e, TextWriter w)
    {
        var t = new Table("REGION", "SHARD", "NODE", "ENTITIES");
        foreach (var r in e.Items("regions"))
        foreach (var s in r.Items("shards").OrderBy(s => ShardOrder(s.Str("shardId"))).ThenBy(s => s.Str("shardId"), StringComparer.Ordinal))
            t.Add(r.Str("typeName"), s.Str("shardId"), s.Str("node"), s.Field("entities"));
        t.Write(w);
        var buckets = e.Items("buckets").ToList();
        if (buckets.Count == 0) return;
        w.WriteLine();
        var b = new Table("NODE", "BUCKETS", "COUNT");
        foreach (var byNode in buckets.GroupBy(x => x.Str("node")).OrderBy(x => x.Key))
        {
            var ids = byNode.Select(x => x.Long("bucket")).Order().ToList();
            b.Add(byNode.Key, Ranges(ids), ids.Count);
        }
        b.Write(w);
    }

    /// <summary>Shard ids "guests|2" before "guests|10", "3" before "21": by name, then by the number that ends the id.</summary>
    public static (string, long) ShardOrder(string id)
    {
        var bar = id.LastIndexOf('|');
        var (name, number) = bar < 0 ? ("", id) : (id[..bar], id[(bar + 1)..]);
        return long.TryParse(number, out var n) ? (name, n) : (id, long.MaxValue);
    }

    /// <summary>0,1,2,5,7,8 as "0-2,5,7-8".</summary>
    public static string Ranges(IReadOnlyList<long> sorted)
    {
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }
}
