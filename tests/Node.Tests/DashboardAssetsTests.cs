using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StaticDhcpd.Node.Dashboard;

namespace StaticDhcpd.Node.Tests;

/// <summary>The dashboard's files come out of the node assembly, with their types, and load nothing from elsewhere.</summary>
public class DashboardAssetsTests
{
    [Fact]
    public async Task The_page_and_its_assets_are_served_from_the_assembly_and_name_no_other_host()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapDashboard();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        foreach (var (file, type) in new[] { ("app.js", "text/javascript"), ("app.css", "text/css"), ("favicon.svg", "image/svg+xml") })
        {
            Assert.Contains($"/dashboard/{file}", html);
            var asset = await http.GetAsync($"/dashboard/{file}");
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(type, asset.Content.Headers.ContentType?.MediaType);
            var text = await asset.Content.ReadAsStringAsync();
            Assert.True(text.Length > 0, file);
            // No CDN and no other host: every URL the page loads is relative to the node (an SVG names its namespace only).
            if (file != "favicon.svg") Assert.DoesNotMatch("https?://", text);
        }
        Assert.DoesNotMatch("https?://", html);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dashboard/absent.js")).StatusCode);
        await app.StopAsync();
    }
}
