using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StaticDhcpd.Node.Management;

public sealed record CheckJson(string Name, bool Ok, string Detail);

/// <summary><c>GET /ready</c>'s body, 200 when ready, 503 with the same shape when not.</summary>
public sealed record ReadyJson(bool Ready, IReadOnlyList<CheckJson> Checks)
{
    public static ReadyJson From(HealthReport report) =>
        new(report.Status == HealthStatus.Healthy,
            report.Entries
                .OrderBy(e => ReadinessChecks.Names.ToList().IndexOf(e.Key) is var i and >= 0 ? i : int.MaxValue)
                .Select(e => new CheckJson(e.Key, e.Value.Status == HealthStatus.Healthy,
                    e.Value.Description ?? e.Value.Exception?.Message ?? e.Value.Status.ToString()))
                .ToList());
}

/// <summary><c>/alive</c> and <c>/ready</c> (Akka.Management's health routes) over ASP.NET Core's health checks.</summary>
public static class HealthEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var codes = new Dictionary<HealthStatus, int>
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        };
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ReadinessChecks.AliveTag),
            ResultStatusCodes = codes,
            ResponseWriter = (http, report) => http.Response.WriteAsJsonAsync(
                new { status = report.Status == HealthStatus.Healthy ? "alive" : "terminated" }, Json),
        });
        app.MapHealthChecks("/ready", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ReadinessChecks.ReadyTag),
            ResultStatusCodes = codes,
            ResponseWriter = (http, report) => http.Response.WriteAsJsonAsync(ReadyJson.From(report), Json),
        });
    }
}
