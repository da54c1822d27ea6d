using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>/api/v1/pools, /leases and the CSV export against real pool actors on a real SQLite journal.</summary>
public sealed class ApiLeasesTests : IAsyncLifetime
{
    private ApiTestNode _node = null!;

    public async Task InitializeAsync() => _node = await ApiTestNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private async Task<JsonElement> GetJson(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _node.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Pools_and_leases_show_the_bindings_and_a_release_by_mac_frees_one()
    {
        var a1 = await _node.BindAsync(1);
        var a2 = await _node.BindAsync(2, clientId: [0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02]);

        var pools = await GetJson("/api/v1/pools");
        var pool = Assert.Single(pools.EnumerateArray());
        Assert.Equal("guests", pool.GetProperty("name").GetString());
        Assert.Equal("10.77.0.0/16", pool.GetProperty("subnet").GetString());
        Assert.Equal("10.77.100.10-10.77.100.19", Assert.Single(pool.GetProperty("ranges").EnumerateArray()).GetString());
        Assert.Equal(600, pool.GetProperty("leaseTime").GetInt32());
        Assert.Equal((10, 8, 2), (pool.GetProperty("total").GetInt32(), pool.GetProperty("free").GetInt32(), pool.GetProperty("bound").GetInt32()));
        Assert.Equal(2, (await GetJson("/api/v1/pools/guests")).GetProperty("bound").GetInt32());

        var page = await GetJson("/api/v1/leases?state=bound");
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        var first = items.Single(i => i.GetProperty("address").GetString() == a1.ToString());
        Assert.Equal("02:00:00:00:00:01", first.GetProperty("mac").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("clientId").ValueKind);
        Assert.Equal("bound", first.GetProperty("state").GetString());
        Assert.Equal("guests", first.GetProperty("pool").GetString());
        Assert.Equal($"guest-{a1.ToString().Replace('.', '-')}", first.GetProperty("hostname").GetString());
        var expires = DateTime.Parse(first.GetProperty("expires").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(DateTimeKind.Utc, expires.Kind);
        Assert.InRange(expires - DateTime.UtcNow, TimeSpan.FromSeconds(500), TimeSpan.FromSeconds(601));
        var second = items.Single(i => i.GetProperty("address").GetString() == a2.ToString());
        Assert.Equal("01:02:00:00:00:00:02", second.GetProperty("clientId").GetString());

        // Filters and paging.
        Assert.Equal(1, (await GetJson("/api/v1/leases?mac=02:00:00:00:00:02")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await GetJson($"/api/v1/leases?search={a2.ToString().Replace('.', '-')}")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await GetJson("/api/v1/leases?search=01:02:00")).GetProperty("total").GetInt32());
        var paged = await GetJson("/api/v1/leases?offset=1&limit=1");
        Assert.Equal((2, 1, 1), (paged.GetProperty("total").GetInt32(), paged.GetProperty("offset").GetInt32(), paged.GetProperty("items").GetArrayLength()));

        // One lease by address, by MAC, by client id.
        Assert.Equal("02:00:00:00:00:01", (await GetJson($"/api/v1/leases/{a1}")).GetProperty("mac").GetString());
        Assert.Equal(a1.ToString(), (await GetJson("/api/v1/leases/02:00:00:00:00:01")).GetProperty("address").GetString());
        Assert.Equal(a2.ToString(), (await GetJson("/api/v1/leases/01:02:00:00:00:00:02")).GetProperty("address").GetString());

        // Release by MAC: the address is free in the pool again, and the lease is gone.
        var released = await _node.Http.DeleteAsync("/api/v1/leases/02:00:00:00:00:01");
        var body = JsonDocument.Parse(await released.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal((a1.ToString(), "02:00:00:00:00:01", "guests"),
            (body.GetProperty("released").GetString(), body.GetProperty("mac").GetString(), body.GetProperty("pool").GetString()));
        Assert.Equal(1, (await GetJson("/api/v1/pools/guests")).GetProperty("bound").GetInt32());
        await GetJson("/api/v1/leases/02:00:00:00:00:01", HttpStatusCode.NotFound);

        // Release by address.
        Assert.Equal(HttpStatusCode.OK, (await _node.Http.DeleteAsync($"/api/v1/leases/{a2}")).StatusCode);
        Assert.Equal(0, (await GetJson("/api/v1/leases")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_operator_made_lease_binds_a_free_address_and_a_taken_one_is_refused_with_409()
    {
        var held = await _node.BindAsync(1);
        var free = Enumerable.Range(10, 10).Select(i => $"10.77.100.{i}").Last(a => a != held.ToString());
        var response = await _node.Http.PostAsJsonAsync("/api/v1/leases",
            new { pool = "guests", mac = "02:00:00:00:00:09", address = free, clientId = (string?)null, leaseTime = 900 });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.Equal((free, "02:00:00:00:00:09", "bound"),
            (body.GetProperty("address").GetString(), body.GetProperty("mac").GetString(), body.GetProperty("state").GetString()));
        var lease = await GetJson($"/api/v1/leases/{free}");
        Assert.Equal("02:00:00:00:00:09", lease.GetProperty("mac").GetString());
        var expires = DateTime.Parse(lease.GetProperty("expires").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.InRange(expires - DateTime.UtcNow, TimeSpan.FromSeconds(800), TimeSpan.FromSeconds(901));
        Assert.Equal(2, (await GetJson("/api/v1/pools/guests")).GetProperty("bound").GetInt32());

        var taken = await _node.Http.PostAsJsonAsync("/api/v1/leases",
            new { pool = "guests", mac = "02:00:00:00:00:0a", address = held.ToString() });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("conflict", JsonDocument.Parse(await taken.Content.ReadAsStringAsync()).RootElement
            .GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("02:00:00:00:00:01", (await GetJson($"/api/v1/leases/{held}")).GetProperty("mac").GetString());

        var outside = await _node.Http.PostAsJsonAsync("/api/v1/leases",
            new { pool = "guests", mac = "02:00:00:00:00:0a", address = "10.77.200.1" });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
    }

    [Fact]
    public async Task Bad_requests_and_unknown_names_are_answered_with_their_codes()
    {
        await _node.BindAsync(1);
        await AssertError("/api/v1/pools/nope", HttpStatusCode.NotFound, "not-found");
        await AssertError("/api/v1/leases?pool=nope", HttpStatusCode.NotFound, "not-found");
        await AssertError("/api/v1/leases?state=happy", HttpStatusCode.BadRequest, "bad-request");
        await AssertError("/api/v1/leases?mac=zz", HttpStatusCode.BadRequest, "bad-request");
        await AssertError("/api/v1/leases?limit=0", HttpStatusCode.BadRequest, "bad-request");
        await AssertError("/api/v1/leases/not-a-key", HttpStatusCode.BadRequest, "bad-request");
        await AssertError("/api/v1/leases/10.77.100.99", HttpStatusCode.NotFound, "not-found");
        var delete = await _node.Http.DeleteAsync("/api/v1/leases/10.77.100.99");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    private async Task AssertError(string path, HttpStatusCode status, string code)
    {
        var e = await GetJson(path, status);
        Assert.Equal(code, e.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task The_export_is_kea_memfile_lease4_csv_and_parses_back_to_the_leases()
    {
        var a1 = await _node.BindAsync(1);
        var a2 = await _node.BindAsync(2, clientId: [0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02]);
        var a3 = await _node.BindAsync(3);
        await _node.DeclineAsync(3, a3);
        // The decline is written before the pool counts it: wait for it (bounded).
        for (var i = 0; i < 50 && (await GetJson("/api/v1/pools/guests")).GetProperty("declined").GetInt32() == 0; i++)
            await Task.Delay(100);

        var response = await _node.Http.GetAsync("/api/v1/leases/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var rows = KeaCsv.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, rows.Count);
        var r1 = rows.Single(r => r["address"] == a1.ToString());
        Assert.Equal(("02:00:00:00:00:01", "", "600", "1", "0", "0", "0"),
            (r1["hwaddr"], r1["client_id"], r1["valid_lifetime"], r1["subnet_id"], r1["fqdn_fwd"], r1["state"], r1["pool_id"]));
        Assert.Equal($"guest-{a1.ToString().Replace('.', '-')}", r1["hostname"]);
        var expire = DateTimeOffset.FromUnixTimeSeconds(long.Parse(r1["expire"], CultureInfo.InvariantCulture));
        Assert.InRange(expire - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(500), TimeSpan.FromSeconds(601));
        Assert.Equal("01:02:00:00:00:00:02", rows.Single(r => r["address"] == a2.ToString())["client_id"]);
        var declined = rows.Single(r => r["address"] == a3.ToString());
        Assert.Equal(("1", "3600"), (declined["state"], declined["valid_lifetime"])); // decline-probation defaults to 1h
    }
}

/// <summary>A reader of Kea's lease4 CSV written from its format (header line, comma-separated, commas inside a field
/// escaped as &amp;#x2c), independent of the writer.</summary>
internal static class KeaCsv
{
    public const string Header =
        "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id";

    public static List<Dictionary<string, string>> Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Header, lines[0]);
        var columns = Header.Split(',');
        return lines.Skip(1).Select(line =>
        {
            var fields = line.Split(',');
            Assert.Equal(columns.Length, fields.Length);
            return columns.Zip(fields).ToDictionary(p => p.Item1, p => p.Item2.Replace("&#x2c", ","));
        }).ToList();
    }
}
