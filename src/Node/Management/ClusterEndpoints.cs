using System.Text.Json;
using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StaticDhcpd.Node.Hosting;

namespace StaticDhcpd.Node.Management;

/// <summary>
/// Akka.Management's cluster routes on Kestrel (its own HTTP server cannot start at 1.5.73): <c>/bootstrap/seed-nodes</c>,
/// <c>/remote/address</c>, <c>/cluster/members</c> (GET, and leave or down a member with DELETE and PUT), and their
/// <c>/api/v1/cluster</c> forms.
/// </summary>
public static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder app, NodeServices node)
    {
        var cluster = Cluster.Get(node.System);

        app.MapGet("/remote/address", () => Results.Json(new { address = cluster.SelfAddress.ToString() }));
        app.MapGet("/bootstrap/seed-nodes", () => Results.Json(SeedNodesJson.From(cluster.State, cluster.SelfAddress)));
        app.MapGet("/cluster/members", () => Results.Json(Members(cluster)));
        app.MapGet("/api/v1/cluster", () => Results.Json(Members(cluster)));
        app.MapGet("/cluster/members/{**address}", (string address) =>
            ClusterView.Find(cluster.State.Members, address) is { } m
                ? Results.Json(MemberJson.From(m))
                : NotAMember(address));
        app.MapDelete("/cluster/members/{**address}", (string address) => Apply(cluster, address, "leave"));
        app.MapPut("/cluster/members/{**address}", async (string address, HttpRequest request) =>
            await OperationOf(request) is { } operation
                ? Apply(cluster, address, operation)
                : ApiError.Status400("expected operation=Down or operation=Leave (form or JSON body)"));
        // {address} holds slashes of its own, so the verb is taken off the end of the path.
        app.MapPost("/api/v1/cluster/members/{**rest}", (string rest) =>
        {
            var cut = rest.LastIndexOf('/');
            return cut > 0 && rest[(cut + 1)..] is "leave" or "down"
                ? Apply(cluster, rest[..cut], rest[(cut + 1)..])
                : ApiError.Status404("expected /api/v1/cluster/members/{address}/leave or …/down");
        });
    }

    private static ClusterMembersJson Members(Cluster cluster) =>
        ClusterMembersJson.From(cluster.State, cluster.SelfAddress, m => ReachabilityObservers.Of(cluster, m));

    private static IResult Apply(Cluster cluster, string address, string operation)
    {
        if (ClusterView.Find(cluster.State.Members, address) is not { } m) return NotAMember(address);
        if (operation.Equals("down", StringComparison.OrdinalIgnoreCase))
        {
            cluster.Down(m.Address);
            return Results.Json(new MessageJson($"Downing {m.Address}"));
        }
        cluster.Leave(m.Address);
        return Results.Json(new MessageJson($"Leaving {m.Address}"));
    }

    private static IResult NotAMember(string address) =>
        ApiError.Status404($"{Uri.UnescapeDataString(address)} is not a member of this cluster");

    /// <summary>Down or Leave from <c>operation=…</c> in a form or a JSON object; null when neither.</summary>
    private static async Task<string?> OperationOf(HttpRequest request)
    {
        string? op = null;
        if (request.HasFormContentType)
            op = (await request.ReadFormAsync()).TryGetValue("operation", out var v) ? v.ToString() : null;
        else if (request.HasJsonContentType())
        {
            try
            {
                using var doc = await JsonDocument.ParseAsync(request.Body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.EnumerateObject().FirstOrDefault(p => p.Name.Equals("operation", StringComparison.OrdinalIgnoreCase))
                        is { Value.ValueKind: JsonValueKind.String } p)
                    op = p.Value.GetString();
            }
            catch (JsonException)
            {
                return null;
            }
        }
        var normal = op?.Trim().ToLowerInvariant();
        return normal is "down" or "leave" ? normal : null;
    }
}
