using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StaticDhcpd.Node.Hosting;
using StaticDhcpd.Node.Management;

namespace StaticDhcpd.Node.Api;

/// <summary><c>GET /api/v1/statistics</c>: this node's packet counters and every pool's utilisation (cluster-wide).</summary>
public static class StatisticsApi
{
    public static void Map(RouteGroupBuilder api, NodeServices node, PoolAccess pools)
    {
        api.MapGet("/statistics", async (CancellationToken ct) => Results.Json(new StatisticsJson(
            Cluster.Get(node.System).SelfAddress.ToString(),
            KeaCounters.Statistics(node.Counters),
            await pools.StatusAsync(pools.Configured, ct))));
    }
}
