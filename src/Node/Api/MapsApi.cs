using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StaticDhcpd.Actors.Static;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Node.Management;

namespace StaticDhcpd.Node.Api;

/// <summary>
/// <c>/api/v1/maps</c>: staticDHCPd's maps from the static provider; add and remove where it can write (SQLite,
/// PostgreSQL), 409 <c>static-provider-read-only</c> where it cannot (ini, none). Every change flushes the static cache,
/// so the next request of that MAC reads the table again; flush alone is staticDHCPd's reinitialise.
/// </summary>
public static class MapsApi
{
    public const string ReadOnlyCode = "static-provider-read-only";

    public static void Map(RouteGroupBuilder api, IStaticMapStore store, StaticCache cache, string provider)
    {
        api.MapGet("/maps", async (string? search, int? offset, int? limit, CancellationToken ct) =>
        {
            if (offset is < 0) return ApiError.Status400("offset must be 0 or more");
            if (limit is < 1 or > LeaseFilter.MaxLimit) return ApiError.Status400($"limit must be between 1 and {LeaseFilter.MaxLimit}");
            var page = await store.ListAsync(search, offset ?? 0, limit ?? 100, ct);
            return Results.Json(new MapPageJson(page.Total, offset ?? 0, limit ?? 100, page.Items.Select(ToJson).ToList()));
        });

        api.MapPost("/maps", async (MapBody? body, CancellationToken ct) =>
        {
            if (!store.CanWrite) return ReadOnly(provider);
            if (body is null) return ApiError.Status400("a JSON body {mac, ip, hostname, subnet, serial} is required");
            if (!MacAddress.TryParse(body.Mac, out var mac)) return ApiError.Status400($"mac '{body.Mac}' is not a MAC address");
            if (!Ipv4Address.TryParse(body.Ip, out var ip)) return ApiError.Status400($"ip '{body.Ip}' is not an IPv4 address");
            if (string.IsNullOrWhiteSpace(body.Subnet)) return ApiError.Status400("subnet is required (the subnets row's subnet)");
            var map = new StaticMap(mac.ToString(), ip.ToString(), string.IsNullOrWhiteSpace(body.Hostname) ? null : body.Hostname.Trim(),
                body.Subnet.Trim(), body.Serial ?? 0);
            return await store.AddAsync(map, ct) switch
            {
                StaticMapWrite.Added => await Flushed(cache, Results.Created($"/api/v1/maps/{map.Mac}", ToJson(map)), ct),
                StaticMapWrite.MacExists => ApiError.Status409(ApiError.Conflict, $"{map.Mac} already has a map"),
                StaticMapWrite.IpTaken => ApiError.Status409(ApiError.Conflict,
                    $"{map.Ip} is already mapped in subnet {map.Subnet} serial {map.Serial}"),
                _ => ApiError.Status400($"no subnets row for subnet '{map.Subnet}' serial {map.Serial}: add it first"),
            };
        });

        api.MapDelete("/maps/{mac}", async (string mac, CancellationToken ct) =>
        {
            if (!store.CanWrite) return ReadOnly(provider);
            if (!MacAddress.TryParse(mac, out var m)) return ApiError.Status400($"'{mac}' is not a MAC address");
            return await store.RemoveAsync(m.ToString(), ct)
                ? await Flushed(cache, Results.Json(new { removed = m.ToString() }), ct)
                : ApiError.Status404($"no map for {m}");
        });

        api.MapPost("/maps/flush", async (CancellationToken ct) => Results.Json(new FlushedJson(await cache.FlushAsync(ct))));
    }

    private static async Task<IResult> Flushed(StaticCache cache, IResult result, CancellationToken ct)
    {
        await cache.FlushAsync(ct);
        return result;
    }

    private static IResult ReadOnly(string provider) =>
        ApiError.Status409(ReadOnlyCode, $"the static provider is {provider}: maps are edited in its file, not here " +
                                         "(staticdhcpd.static.provider = sqlite or postgresql can be edited)");

    private static MapJson ToJson(StaticMap m) => new(m.Mac, m.Ip, m.Hostname, m.Subnet, m.Serial);
}
