using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Xunit;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>
/// /api/v1/pools/{pool}/scan and /api/v1/scans against real pool entities of a node that has no ARP service (as
/// <see cref="ApiTestNode"/> has none): every pool answers unavailable with the entity's note, a start is 409
/// <c>scan-unavailable</c> carrying that note, an unknown pool 404, and a start needs the token when one is set.
/// </summary>
public sealed class ApiScansTests : IAsyncLifetime
{
    private const string Token = "scan-t0ken";
    private const string SecondPool = "lab";
    private ApiTestNode _node = null!;

    public async Task InitializeAsync() => _node = await ApiTestNode.StartAsync(token: Token, secondPool: SecondPool);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private async Task<JsonElement> Send(HttpMethod method, string path, HttpStatusCode expected, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await _node.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static void AssertUnavailable(JsonElement scan, string pool)
    {
        Assert.Equal(pool, scan.GetProperty("pool").GetString());
        Assert.Equal("unavailable", scan.GetProperty("state").GetString());
        Assert.False(string.IsNullOrWhiteSpace(scan.GetProperty("note").GetString()), scan.ToString());
        Assert.Equal(10, scan.GetProperty("total").GetInt32());   // both pools have ten addresses
        Assert.Equal((0, 0, 0), (scan.GetProperty("probed").GetInt32(), scan.GetProperty("answered").GetInt32(), scan.GetProperty("percent").GetInt32()));
        Assert.Equal(JsonValueKind.Null, scan.GetProperty("startedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, scan.GetProperty("finishedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, scan.GetProperty("interface").ValueKind);
    }

    private static void AssertError(JsonElement body, string code, string? message = null)
    {
        var error = body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        if (message is not null) Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_node_without_an_arp_service_answers_unavailable_with_a_note_and_refuses_a_start()
    {
        var scan = await Send(HttpMethod.Get, $"/api/v1/pools/{ApiTestNode.Pool}/scan", HttpStatusCode.OK);
        AssertUnavailable(scan, ApiTestNode.Pool);

        // The 409 carries the entity's note as its message, as the GET shows it.
        var refused = await Send(HttpMethod.Post, $"/api/v1/pools/{ApiTestNode.Pool}/scan", HttpStatusCode.Conflict, Token);
        AssertError(refused, "scan-unavailable", scan.GetProperty("note").GetString());
        // Refused, nothing started: still unavailable, never started.
        AssertUnavailable(await Send(HttpMethod.Get, $"/api/v1/pools/{ApiTestNode.Pool}/scan", HttpStatusCode.OK), ApiTestNode.Pool);
    }

    [Fact]
    public async Task Scans_lists_every_configured_pool_once()
    {
        var scans = (await Send(HttpMethod.Get, "/api/v1/scans", HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal([ApiTestNode.Pool, SecondPool], scans.Select(s => s.GetProperty("pool").GetString()));
        foreach (var s in scans) AssertUnavailable(s, s.GetProperty("pool").GetString()!);
    }

    [Fact]
    public async Task An_unknown_pool_is_404_for_both_methods()
    {
        AssertError(await Send(HttpMethod.Get, "/api/v1/pools/no-such-pool/scan", HttpStatusCode.NotFound), "not-found");
        AssertError(await Send(HttpMethod.Post, "/api/v1/pools/no-such-pool/scan", HttpStatusCode.NotFound, Token), "not-found");
    }

    [Fact]
    public async Task Starting_a_scan_needs_the_token_and_reading_one_does_not()
    {
        var path = $"/api/v1/pools/{ApiTestNode.Pool}/scan";
        AssertError(await Send(HttpMethod.Post, path, HttpStatusCode.Unauthorized), "unauthorized");
        AssertError(await Send(HttpMethod.Post, path, HttpStatusCode.Forbidden, "not-" + Token), "forbidden");
        // With it the request reaches the pool, which cannot scan here.
        AssertError(await Send(HttpMethod.Post, path, HttpStatusCode.Conflict, Token), "scan-unavailable");
        await Send(HttpMethod.Get, path, HttpStatusCode.OK);
    }
}
