using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Node.Management;

namespace StaticDhcpd.Node.Api;

/// <summary>
/// <c>/api/v1/leases</c>: every non-free address of the pools (from their buckets, wherever they live), filtered and
/// paged here; one lease by address, MAC or client id; its release; an operator-made lease; the Kea CSV export.
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

        api.MapPost("/leases", async (LeaseBody? body, CancellationToken ct) =>
        {
            if (body is null) return ApiError.Status400("a JSON body {pool, mac, address, clientId, leaseTime} is required");
            if (body.Pool is null || pools.Find(body.Pool) is not { } pool)
                return body.Pool is null ? ApiError.Status400("pool is required") : UnknownPool(body.Pool);
            if (!MacAddress.TryParse(body.Mac, out var mac)) return ApiError.Status400($"mac '{body.Mac}' is not a MAC address");
            if (!Ipv4Address.TryParse(body.Address, out var address))
                return ApiError.Status400($"address '{body.Address}' is not an IPv4 address");
            byte[]? clientId = null;
            if (!string.IsNullOrEmpty(body.ClientId))
            {
                if (LeaseKey.Parse(body.ClientId) is not { ClientKey: { } hex })
                    return ApiError.Status400($"clientId '{body.ClientId}' is not hex (colons allowed)");
                clientId = Convert.FromHexString(hex);
            }
            if (body.LeaseTime is <= 0 or > int.MaxValue) return ApiError.Status400("leaseTime must be a positive number of seconds");
            var leaseTime = body.LeaseTime is { } s ? TimeSpan.FromSeconds(s) : pool.LeaseTime;
            var key = ClientKey.From(clientId, mac);
            var done = await pools.AssignAsync(new AssignClientLease(pool.Name, key, mac, address, leaseTime, body.Hostname), ct);
            return done.Refusal switch
            {
                null => Results.Created($"/api/v1/leases/{address}", PoolAccess.ToJson(new PoolLease(pool,
                    new LeaseInfo(address, key, mac, done.ExpiresAt!.Value, AddressState.Bound, done.Hostname)))),
                AssignRefusal.NotInPool => ApiError.Status400($"{address} is not an address of pool {pool.Name}"),
                AssignRefusal.Taken => ApiError.Status409(ApiError.Conflict, $"{address} is taken in pool {pool.Name} (bound, offered, declined or in use)"),
                AssignRefusal.Blocked => ApiError.Status409(ApiError.Conflict, $"the client {key} is blocked (max-renewals): release it first"),
                _ => ApiError.Status503($"pool {pool.Name} could not bind {address} now (its pool did not answer, or the journal write failed)"),
            };
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
