using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace StaticDhcpd.Node.Dashboard;

/// <summary>
/// The operator's dashboard: static HTML, CSS and JavaScript embedded in the node assembly (no CDN, nothing on disk)
/// that read /api/v1 and the event stream from the browser. `/` is the page; its assets live under /dashboard/.
/// </summary>
public static class DashboardEndpoints
{
    private const string Prefix = "dashboard/";

    private static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    /// <summary>The embedded assets by their URL name (index.html, app.js, …), read once.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> Assets = new(Load);

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Serve("index.html"));
        app.MapGet("/dashboard/{file}", (string file) => Serve(file));
        return app;
    }

    private static IResult Serve(string file)
    {
        if (!Assets.Value.TryGetValue(file, out var bytes)) return Results.NotFound();
        var type = ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream");
        // Small and shipped with the node: always revalidate, so a node upgrade is seen at the next load.
        return new AssetResult(bytes, type);
    }

    private sealed class AssetResult(byte[] bytes, string type) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = type;
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Content-Type-Options"] = "nosniff";
            http.Response.ContentLength = bytes.Length;
            return http.Response.Body.WriteAsync(bytes).AsTask();
        }
    }

    private static IReadOnlyDictionary<string, byte[]> Load()
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            result[name[Prefix.Length..]] = copy.ToArray();
        }
        return result;
    }
}
