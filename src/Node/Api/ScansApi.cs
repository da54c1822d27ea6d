using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Node.Management;

namespace StaticDhcpd.Node.Api;

/// <summary>
/// <c>/api/v1/pools/{name}/scan</c> and <c>/api/v1/scans</c>: the pools' ARP scans, started and followed. The pool
/// entity answers, on whichever node hosts it; one that cannot scan (no ARP service, no interface facing the pool, no
/// CAP_NET_RAW) answers unavailable with a note, which a POST turns into 409 <c>scan-unavailable</c>.
/// </summary>
public static class ScansApi
{
    public const string UnavailableCode = "scan-unavailable";

    public static void Map(RouteGroupBuilder api, PoolAccess pools)
    {
        api.MapGet("/scans", async (CancellationToken ct) =>
        {
            var scans = await Task.WhenAll(pools.Configured.Select(p => pools.ScanAsync(p, start: false, ct)));
            return Results.Json(scans.Select(PoolAccess.ToJson));
        });

        api.MapGet("/pools/{name}/scan", async (string name, CancellationToken ct) =>
            pools.Find(name) is { } p
                ? Results.Json(PoolAccess.ToJson(await pools.ScanAsync(p, start: false, ct)))
                : UnknownPool(pools, name));

        api.MapPost("/pools/{name}/scan", async (string name, CancellationToken ct) =>
        {
            if (pools.Find(name) is not { } p) return UnknownPool(pools, name);
            var s = await pools.ScanAsync(p, start: true, ct);
            return s.State switch
            {
                PoolScanState.Unavailable =>
                    ApiError.Status409(UnavailableCode, s.Note ?? $"pool {p.Name} cannot be scanned on the node hosting it"),
                // Started, or one was already running: follow it with GET.
                PoolScanState.Running => Results.Json(PoolAccess.ToJson(s), statusCode: StatusCodes.Status202Accepted),
                // Done at once (nothing to probe): the outcome is already there.
                _ => Results.Json(PoolAccess.ToJson(s)),
            };
        });
    }

    private static IResult UnknownPool(PoolAccess pools, string name) =>
        ApiError.Status404($"no pool named '{name}' (configured: {string.Join(", ", pools.Configured.Select(x => x.Name))})");
}
