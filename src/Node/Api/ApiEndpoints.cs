using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StaticDhcpd.Actors.Events;
using StaticDhcpd.Actors.Static;
using StaticDhcpd.Node.Hosting;
using StaticDhcpd.Node.Management;

namespace StaticDhcpd.Node.Api;

/// <summary>
/// The data half of <c>/api/v1</c> (docs/management-api.md): pools and their ARP scans, leases, static maps,
/// statistics, the event stream, the CSV export. The cluster and sharding routes, auth and <c>/metrics</c> are the
/// host's. Mapping also starts this node's <see cref="EventForwarder"/>, without which the event stream would show
/// nothing of this node.
/// </summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApiV1(this IEndpointRouteBuilder app, NodeServices node)
    {
        node.System.ActorOf(EventForwarder.Props(node.Config.Dhcp.UnauthorizedClientTimeout), EventForwarder.Name);
        var pools = new PoolAccess(node);
        var api = app.MapGroup("/api/v1");
        api.AddEndpointFilter(Unavailable);
        PoolsApi.Map(api, pools);
        ScansApi.Map(api, pools);
        LeasesApi.Map(api, pools);
        MapsApi.Map(api, IStaticMapStore.For(node.Config.Static), new StaticCache(node), node.Config.Static.Provider.ToString().ToLowerInvariant());
        StatisticsApi.Map(api, node, pools);
        EventsApi.Map(api, node);
        return app;
    }

    /// <summary>A pool, bucket, directory or database that does not answer in time is a 503 naming what did not, not a 500.</summary>
    private static async ValueTask<object?> Unavailable(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        try
        {
            return await next(ctx);
        }
        catch (AskTimeoutException e)
        {
            return ApiError.Status503($"no answer in time ({e.Message}): a pool's bucket or the journal is unreachable or recovering");
        }
        catch (StaticSourceException e)
        {
            return ApiError.Status503($"the static provider cannot be reached: {e.Message}");
        }
        catch (System.Data.Common.DbException e)
        {
            return ApiError.Status503($"the static provider failed: {e.Message}");
        }
    }
}
