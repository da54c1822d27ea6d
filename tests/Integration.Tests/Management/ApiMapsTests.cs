using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>/api/v1/maps on a real staticDHCPd SQLite database, and on provider none (read-only).</summary>
public sealed class ApiMapsTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpClient http, HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    private static string? Code(JsonElement e) => e.GetProperty("error").GetProperty("code").GetString();

    [Fact]
    public async Task Maps_are_listed_added_refused_when_they_clash_removed_and_the_directory_sees_the_change()
    {
        await using var node = await ApiTestNode.StartAsync();
        var http = node.Http;

        var list = await http.GetFromJsonAsync<JsonElement>("/api/v1/maps");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var printer = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(("02:00:00:00:aa:01", "10.78.0.20", "printer", "10.78.0.0/24", 0),
            (printer.GetProperty("mac").GetString(), printer.GetProperty("ip").GetString(), printer.GetProperty("hostname").GetString(),
                printer.GetProperty("subnet").GetString(), printer.GetProperty("serial").GetInt32()));

        // The directory does not know the new MAC before (it caches that answer), and knows it after the add.
        var mac = Messages.Net.MacAddress.Parse("02:00:00:00:aa:02");
        Assert.Null((await Lookup(node, mac)).Definition);

        var add = await Send(http, new HttpRequestMessage(HttpMethod.Post, "/api/v1/maps")
        {
            Content = JsonContent.Create(new { mac = "02-00-00-00-AA-02", ip = "10.78.0.21", hostname = "scanner", subnet = "10.78.0.0/24", serial = 0 }),
        });
        Assert.Equal(HttpStatusCode.Created, add.Status);
        Assert.Equal("02:00:00:00:aa:02", add.Body.GetProperty("mac").GetString());
        var known = await Lookup(node, mac);
        Assert.Equal(("10.78.0.21", "scanner"), (known.Definition?.Ip.ToString(), known.Definition?.Hostname));

        Assert.Equal(2, (await http.GetFromJsonAsync<JsonElement>("/api/v1/maps")).GetProperty("total").GetInt32());
        var search = await http.GetFromJsonAsync<JsonElement>("/api/v1/maps?search=SCAN");
        Assert.Equal("02:00:00:00:aa:02", Assert.Single(search.GetProperty("items").EnumerateArray()).GetProperty("mac").GetString());

        var again = await Send(http, new HttpRequestMessage(HttpMethod.Post, "/api/v1/maps")
            { Content = JsonContent.Create(new { mac = "02:00:00:00:aa:02", ip = "10.78.0.22", subnet = "10.78.0.0/24" }) });
        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (again.Status, Code(again.Body)));
        var sameIp = await Send(http, new HttpRequestMessage(HttpMethod.Post, "/api/v1/maps")
            { Content = JsonContent.Create(new { mac = "02:00:00:00:aa:03", ip = "10.78.0.21", subnet = "10.78.0.0/24" }) });
        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (sameIp.Status, Code(sameIp.Body)));
        var noSubnet = await Send(http, new HttpRequestMessage(HttpMethod.Post, "/api/v1/maps")
            { Content = JsonContent.Create(new { mac = "02:00:00:00:aa:04", ip = "10.79.0.5", subnet = "10.79.0.0/24" }) });
        Assert.Equal((HttpStatusCode.BadRequest, "bad-request"), (noSubnet.Status, Code(noSubnet.Body)));
        var badMac = await Send(http, new HttpRequestMessage(HttpMethod.Post, "/api/v1/maps")
            { Content = JsonContent.Create(new { mac = "nope", ip = "10.78.0.30", subnet = "10.78.0.0/24" }) });
        Assert.Equal((HttpStatusCode.BadRequest, "bad-request"), (badMac.Status, Code(badMac.Body)));

        var removed = await Send(http, new HttpRequestMessage(HttpMethod.Delete, "/api/v1/maps/02:00:00:00:aa:02"));
        Assert.Equal(HttpStatusCode.OK, removed.Status);
        Assert.Null((await Lookup(node, mac)).Definition);
        var gone = await Send(http, new HttpRequestMessage(HttpMethod.Delete, "/api/v1/maps/02:00:00:00:aa:02"));
        Assert.Equal((HttpStatusCode.NotFound, "not-found"), (gone.Status, Code(gone.Body)));

        // Flush: the printer's cached definition is one of the entries dropped.
        await Lookup(node, Messages.Net.MacAddress.Parse("02:00:00:00:aa:01"));
        var flush = await Send(http, new HttpRequestMessage(HttpMethod.Post, "/api/v1/maps/flush"));
        Assert.Equal(HttpStatusCode.OK, flush.Status);
        Assert.Equal(1, flush.Body.GetProperty("entriesDropped").GetInt32());
    }

    [Fact]
    public async Task A_provider_that_cannot_write_refuses_changes_with_static_provider_read_only()
    {
        await using var node = await ApiTestNode.StartAsync(staticProvider: "none", withPool: false);
        var list = await node.Http.GetFromJsonAsync<JsonElement>("/api/v1/maps");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        var add = await Send(node.Http, new HttpRequestMessage(HttpMethod.Post, "/api/v1/maps")
            { Content = JsonContent.Create(new { mac = "02:00:00:00:aa:02", ip = "10.78.0.21", subnet = "10.78.0.0/24" }) });
        Assert.Equal((HttpStatusCode.Conflict, "static-provider-read-only"), (add.Status, Code(add.Body)));
        var remove = await Send(node.Http, new HttpRequestMessage(HttpMethod.Delete, "/api/v1/maps/02:00:00:00:aa:01"));
        Assert.Equal((HttpStatusCode.Conflict, "static-provider-read-only"), (remove.Status, Code(remove.Body)));
        // No pool configured: the pool routes answer with nothing rather than fail.
        Assert.Equal(0, (await node.Http.GetFromJsonAsync<JsonElement>("/api/v1/pools")).GetArrayLength());
    }

    private static Task<Messages.Protocol.StaticLookupResult> Lookup(ApiTestNode node, Messages.Net.MacAddress mac) =>
        Akka.Actor.Futures.Ask<Messages.Protocol.StaticLookupResult>(node.Services.StaticDirectory,
            new Messages.Protocol.StaticLookup(mac, "api-test"), TimeSpan.FromSeconds(10));
}
