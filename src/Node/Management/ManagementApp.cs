using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Node.Api;
using StaticDhcpd.Node.Configuration;
using StaticDhcpd.Node.Dashboard;
using StaticDhcpd.Node.Hosting;

namespace StaticDhcpd.Node.Management;

/// <summary>
/// The node as one hosted application: Akka.Hosting creates the actor system from the node's merged HOCON, Kestrel
/// serves the management HTTP on <c>staticdhcpd.management</c>, and the routes are mapped once the node's actors
/// exist (<see cref="Map"/>).
/// </summary>
public static class ManagementApp
{
    public const string SystemName = "staticdhcpd";

    public static WebApplication Build(NodeConfiguration config, NodeReadiness readiness, IReadOnlyList<InterfaceInfo> interfaces)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = SystemName });
        // Akka logs the node's own lines to stdout as before; ASP.NET Core says only what went wrong.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        // An unready node is answered with 503 on every /ready poll; that is not worth a log line each time.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
        builder.Services.AddSingleton<IHostLifetime, NodeLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var m = config.Management;
        if (m.Enabled)
            builder.WebHost.ConfigureKestrel(k => Listen(k, m));
        else
            builder.Services.AddSingleton<IServer, NoServer>();

        builder.Services.AddSingleton(readiness);
        builder.Services.AddHealthChecks();
        builder.Services.AddAkka(SystemName, (akka, _) => akka
            .AddHocon(ActorSystemConfig.For(config), HoconAddMode.Prepend)
            .WithNodeHealthChecks(config, readiness));
        // The node's actors, started when first asked for: NodeHost asks right after Build, before the routes are mapped.
        builder.Services.AddSingleton(sp => NodeActors.Start(sp.GetRequiredService<ActorSystem>(), sp.GetRequiredService<ActorRegistry>(), config, interfaces));
        builder.Services.AddSingleton(sp => new NodeMetrics(sp.GetRequiredService<NodeServices>(), sp.GetRequiredService<ActorRegistry>()));
        return builder.Build();
    }

    /// <summary>Every route: auth first, then the health, cluster, sharding and metrics routes.</summary>
    public static void Map(WebApplication app, NodeServices node)
    {
        // A route that does not exist, or a method it does not take, still answers in the API's error shape.
        app.UseStatusCodePages(ctx => ctx.HttpContext.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ApiError.WriteAsync(ctx.HttpContext, 404, ApiError.NotFound, $"no route {ctx.HttpContext.Request.Path}"),
            StatusCodes.Status405MethodNotAllowed => ApiError.WriteAsync(ctx.HttpContext, 405, ApiError.BadRequest,
                $"{ctx.HttpContext.Request.Method} is not allowed on {ctx.HttpContext.Request.Path}"),
            var s => ApiError.WriteAsync(ctx.HttpContext, s, s >= 500 ? ApiError.Unavailable : ApiError.BadRequest, $"HTTP {s}"),
        });
        app.UseTokenCheck(node.Config.Management.Token);
        app.MapHealthEndpoints();
        app.MapClusterEndpoints(node);
        app.MapShardingEndpoints(node);
        app.Services.GetRequiredService<NodeMetrics>().Map(app);
        // The data API (/api/v1 pools, leases, maps, statistics, events) and the dashboard are mapped here too.
        app.MapApiV1(node);
        app.MapDashboard();
    }

    /// <summary>Starts the host (Kestrel listens); a port another process holds is a start-up fact named by its key,
    /// as a missing interface is.</summary>
    public static async Task StartAsync(WebApplication app, ManagementSettings m, CancellationToken ct)
    {
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            throw new ConfigurationException("staticdhcpd.management.port",
                $"{m.Hostname}:{m.Port} is already in use by another process (choose another port, or 0 for no listener)");
        }
    }

    private static void Listen(KestrelServerOptions k, ManagementSettings m)
    {
        if (m.Hostname.Equals("localhost", StringComparison.OrdinalIgnoreCase)) k.ListenLocalhost(m.Port);
        else k.Listen(IPAddress.Parse(m.Hostname), m.Port);
    }
}
