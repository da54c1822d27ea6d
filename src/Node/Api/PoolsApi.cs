using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StaticDhcpd.Node.Management;

namespace StaticDhcpd.Node.Api;

/// <summary><c>GET /api/v1/pools</c> and <c>/api/v1/pools/{name}</c>: each pool's utilisation, counted by its buckets.</summary>
public static class PoolsApi
{
    public static void Map(RouteGroupBuilder api, PoolAccess pools)
    {
        api.MapGet("/pools", async (CancellationToken ct) => Results.Json(await pools.StatusAsync(pools.Configured, ct)));
        api.MapGet("/pools/{name}", async (string name, CancellationToken ct) =>
            pools.Find(name) is { } p
                ? Results.Json((await pools.StatusAsync([p], ct))[0])
                : ApiError.Status404($"no pool named '{name}' (configured: {string.Join(", ", pools.Configured.Select(x => x.Name))})"));
    }
}
