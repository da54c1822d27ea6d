using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Node.Management;

namespace StaticDhcpd.Node.Api;

/// <summary>
/// <c>/api/v1/leases</c>: every non-free address of the pools (from their buckets, wherever they live), filtered and
/// paged here; one lease by address, MAC or client id; its release; the Kea CSV export.
/// </summary>
public static class LeasesApi
{
    public static void Map(RouteGroupBuilder api, PoolAccess pools)
    {
        api.MapGet("/leases", async (string? pool, string? state, string? mac, string? search, int? offset, int? limit,
            CancellationToken ct) =>
        {
            var (filter, error) = LeaseFilter.Parse(pool, state, mac, search, offset, limit);
            if (filter is null) return ApiError.Status400(error!);
            var asked = pools.Configured.AsEnumerable();
            if (filter.Pool is { } name)
            {
                if (pools.Find(name) is not { } p) return UnknownPool(name);
                asked = [p];
            }
            var matching = (await pools.LeasesAsync(asked, ct)).Where(l => filter.Matches(l.Lease)).ToList();
            return Results.Json(new LeasePageJson(matching.Count, filter.Offset, filter.Limit,
                matching.Skip(filter.Offset).Take(filter.Limit).Select(PoolAccess.ToJson).ToList()));
        });

        api.MapGet("/leases/export", async (CancellationToken ct) =>
        {
            var leases = await pools.LeasesAsync(pools.Configured, ct);
            return Results.Text(LeaseCsv.Write(leases, pools.SubnetIdOf), "text/csv; charset=utf-8");
        });

        api.MapGet("/leases/{key}", async (string key, CancellationToken ct) =>
        {
            if (LeaseKey.Parse(key) is not { } k) return BadKey(key);
            return await FindAsync(pools, k, ct) is { } l
                ? Results.Json(PoolAccess.ToJson(l))
                : ApiError.Status404($"no lease for '{key}'");
        });

        api.MapDelete("/leases/{key}", async (string key, CancellationToken ct) =>
        {
            if (LeaseKey.Parse(key) is not { } k) return BadKey(key);
            if (await FindAsync(pools, k, ct) is not { } l) return ApiError.Status404($"no lease for '{key}'");
            if (l.Lease.State != AddressState.Bound || l.Lease.ClientKey is not { } client)
                return ApiError.Status409(ApiError.Conflict,
                    $"{l.Lease.Address} in pool {l.Pool.Name} is {LeaseFilter.NameOf(l.Lease.State)}, not bound: only a binding is released");
            var released = await pools.ReleaseAsync(l.Pool.Name, client, ct);
            // Null: the client's binding ended between the lookup and the release (it released or expired itself).
            return released.Address is { } a
                ? Results.Json(new ReleasedJson(a.ToString(), l.Lease.Mac?.ToString(), l.Pool.Name))
                : ApiError.Status404($"the lease of '{key}' ended before it was released");
        });
    }

    /// <summary>The lease a key names across all pools; a binding before an offer or a quarantine of the same client.</summary>
    private static async Task<PoolLease?> FindAsync(PoolAccess pools, LeaseKey key, CancellationToken ct) =>
        (await pools.LeasesAsync(pools.Configured, ct))
            .Where(l => key.Matches(l.Lease))
            .OrderBy(l => l.Lease.State == AddressState.Bound ? 0 : 1)
            .FirstOrDefault();

    private static IResult BadKey(string key) =>
        ApiError.Status400($"'{key}' is neither an IPv4 address, a MAC address nor a client id (hex, colons allowed)");

    private static IResult UnknownPool(string name) => ApiError.Status404($"no pool named '{name}'");
}
