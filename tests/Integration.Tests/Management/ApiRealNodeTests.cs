using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using StaticDhcpd.Integration.Tests.Dynamic;
using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Wire;
using Xunit;
using static StaticDhcpd.Integration.Tests.Dynamic.DynamicPlan;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>
/// The data API of a real staticdhcpd (the executable in a lab namespace, prefix <c>mga</c>) as an operator on its
/// machine uses it: a real dhclient gets a lease, the event stream shows the grant live, the API lists the lease, the
/// CSV export holds it, and a release through the API (with the token) frees it in the pool.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class ApiRealNodeTests
{
    private const int Port = 8558;
    private const string Token = "mga-t0ken";
    private const string Mac = "02:00:00:00:4e:01";

    [Fact]
    public async Task A_dhclient_lease_is_streamed_listed_exported_and_released_through_the_api()
    {
        using var lab = new NetnsLab(prefix: "mga");
        using var http = new ManagementClient(lab.ServerNs, Port);
        var options = GuestsServer(60) with { Extra = $$"""management { token = "{{Token}}" }""" };
        var server = await DynamicServer.StartAsync(lab, options);
        await server.RunTestAsync(async () =>
        {
            await WaitReadyAsync(http);
            using var events = StreamClient(lab.ServerNs);
            using var stream = await events.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
            Assert.Equal(": subscribed", await ReadLineAsync(reader));

            var dhclient = new Dhclient(lab.AddClient(mac: Mac));
            var lease = await dhclient.ObtainAsync(TimeSpan.FromSeconds(30));
            AssertPoolLease(lease, "BOUND", 60);
            var address = lease!.Address!;

            // Live: the client's unknown MAC, then its grant, arrive on the stream without asking again.
            var (name, data) = await NextEventAsync(reader);
            Assert.Equal(("unknown-mac", Mac), (name, data.GetProperty("mac").GetString()));
            (name, data) = await NextEventAsync(reader, skip: "unknown-mac"); // dhclient's DISCOVER and REQUEST each
            Assert.Equal("lease-granted", name);
            Assert.Equal((address, Mac, PoolName), (data.GetProperty("address").GetString(), data.GetProperty("mac").GetString(),
                data.GetProperty("pool").GetString()));

            var list = await http.GetAsync($"/api/v1/leases?pool={PoolName}&state=bound");
            Assert.True(list.Status == HttpStatusCode.OK, list.ToString());
            var item = Assert.Single(list.Json.GetProperty("items").EnumerateArray().ToList());
            Assert.Equal((address, Mac, "bound", HostnameOf(address)), (item.GetProperty("address").GetString(),
                item.GetProperty("mac").GetString(), item.GetProperty("state").GetString(), item.GetProperty("hostname").GetString()));
            Assert.Equal(address, (await http.GetAsync($"/api/v1/leases/{Mac}")).Json.GetProperty("address").GetString());
            var pool = (await http.GetAsync($"/api/v1/pools/{PoolName}")).Json;
            Assert.Equal((241, 1), (pool.GetProperty("total").GetInt32(), pool.GetProperty("bound").GetInt32()));
            var stats = (await http.GetAsync("/api/v1/statistics")).Json.GetProperty("counters");
            Assert.True(stats.GetProperty("pkt4-ack-sent").GetInt64() >= 1, stats.ToString());

            var csv = await http.GetAsync("/api/v1/leases/export");
            Assert.Equal("text/csv", csv.ContentType);
            var row = Assert.Single(KeaCsv.Parse(csv.Body));
            Assert.Equal((address, Mac, "60", "1", "0"), (row["address"], row["hwaddr"], row["valid_lifetime"], row["subnet_id"], row["state"]));
            var expire = DateTimeOffset.FromUnixTimeSeconds(long.Parse(row["expire"], CultureInfo.InvariantCulture));
            Assert.InRange(expire - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61));

            // A release needs the token; with it the address is free in the pool again.
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(HttpMethod.Delete, $"/api/v1/leases/{address}")).Status);
            var released = await http.SendAsync(HttpMethod.Delete, $"/api/v1/leases/{address}", Token);
            Assert.True(released.Status == HttpStatusCode.OK, released.ToString());
            Assert.Equal((address, Mac, PoolName), (released.Json.GetProperty("released").GetString(),
                released.Json.GetProperty("mac").GetString(), released.Json.GetProperty("pool").GetString()));
            Assert.Equal(0, (await http.GetAsync($"/api/v1/pools/{PoolName}")).Json.GetProperty("bound").GetInt32());
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/leases/{Mac}")).Status);
            (name, data) = await NextEventAsync(reader, skip: "unknown-mac");
            Assert.Equal(("lease-released", address), (name, data.GetProperty("address").GetString()));
        });
    }

    private static async Task WaitReadyAsync(ManagementClient http)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < until)
        {
            try
            {
                if ((await http.GetAsync("/ready")).Status == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("/ready did not answer 200 within 60 s");
    }

    /// <summary>An HttpClient for the event stream, connecting inside the server's namespace (no overall timeout: the
    /// stream is long; each read below is bounded).</summary>
    private static HttpClient StreamClient(string netns) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (ctx, ct) =>
        {
            var s = NamespaceSocket.Create(netns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            try
            {
                await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, ctx.DnsEndPoint.Port), ct);
                return new NetworkStream(s, ownsSocket: true);
            }
            catch
            {
                s.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = Timeout.InfiniteTimeSpan };

    private static async Task<(string Name, JsonElement Data)> NextEventAsync(StreamReader reader, string? skip = null)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < until)
        {
            var line = await ReadLineAsync(reader);
            if (!line.StartsWith("event: ", StringComparison.Ordinal)) continue;
            var data = await ReadLineAsync(reader);
            Assert.StartsWith("data: ", data);
            if (line["event: ".Length..] == skip) continue;
            return (line["event: ".Length..], JsonDocument.Parse(data["data: ".Length..]).RootElement);
        }
        throw new TimeoutException("no event within 20 s");
    }

    private static async Task<string> ReadLineAsync(StreamReader reader)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? line;
        do line = await reader.ReadLineAsync(cts.Token);
        while (line == "");
        return line ?? throw new EndOfStreamException("the event stream ended");
    }
}
