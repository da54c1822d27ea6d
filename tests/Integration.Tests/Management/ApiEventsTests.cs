using System.Net.Http.Json;
using System.Text.Json;
using StaticDhcpd.Node.Api;
using Xunit;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>/api/v1/events (SSE, through the node's EventForwarder and the cluster topic) and /api/v1/statistics.</summary>
public sealed class ApiEventsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_grant_and_a_decline_arrive_on_the_event_stream_and_a_quiet_stream_is_kept_alive()
    {
        EventsApi.KeepAlive = TimeSpan.FromSeconds(2);
        await using var node = await ApiTestNode.StartAsync();
        using var response = await node.Http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": subscribed", await ReadLine(reader));

        var a = await node.BindAsync(7);
        var (name, data) = await NextEvent(reader);
        Assert.Equal("lease-granted", name);
        Assert.Equal((a.ToString(), "02:00:00:00:00:07", "guests", 600),
            (data.GetProperty("address").GetString(), data.GetProperty("mac").GetString(), data.GetProperty("pool").GetString(),
                data.GetProperty("leaseTime").GetInt32()));
        Assert.EndsWith("Z", data.GetProperty("time").GetString());

        await node.DeclineAsync(7, a);
        (name, data) = await NextEvent(reader);
        Assert.Equal("lease-declined", name);
        Assert.Equal(a.ToString(), data.GetProperty("address").GetString());

        Assert.Equal(": keep-alive", await ReadLine(reader, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_reader_that_falls_behind_loses_the_oldest_events_and_is_told_how_many()
    {
        EventsApi.KeepAlive = TimeSpan.FromSeconds(2);
        await using var node = await ApiTestNode.StartAsync(withPool: false);
        using var response = await node.Http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": subscribed", await ReadLine(reader));

        // Far more than the socket buffers hold, published while nobody reads.
        const int sent = 50_000;
        var mediator = Akka.Cluster.Tools.PublishSubscribe.DistributedPubSub.Get(node.System).Mediator;
        for (var i = 0; i < sent; i++)
            mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Publish(Messages.Events.EventTopic.Name,
                new Messages.Webhook.UnknownMacSeen(ApiTestNode.Mac(i), "eth0", null, null, null, DateTimeOffset.UtcNow)), Akka.Actor.ActorRefs.NoSender);
        await Task.Delay(TimeSpan.FromSeconds(3));

        long received = 0, dropped = 0;
        for (var line = await ReadLine(reader); line != ": keep-alive"; line = await ReadLine(reader))
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) received++;
            else if (line.EndsWith(" events dropped (reading too slowly)", StringComparison.Ordinal))
                dropped += long.Parse(line[2..line.IndexOf(' ', 2)]);
        }
        output.WriteLine($"{sent} published to a reader that did not read: {received} written, {dropped} dropped");
        Assert.True(dropped > 0, $"nothing dropped: {received} received");
        Assert.Equal(sent, received + dropped);
    }

    [Fact]
    public async Task Statistics_name_the_node_count_packets_under_keas_names_and_list_the_pools()
    {
        await using var node = await ApiTestNode.StartAsync();
        node.Services.Counters.CountReceived();
        node.Services.Counters.CountMethod(Messages.Protocol.DhcpMethod.Discover);
        var s = await node.Http.GetFromJsonAsync<JsonElement>("/api/v1/statistics");
        Assert.StartsWith("akka.tcp://staticdhcpd@127.0.0.1:", s.GetProperty("node").GetString());
        var counters = s.GetProperty("counters");
        Assert.Equal(1, counters.GetProperty("pkt4-received").GetInt64());
        Assert.Equal(1, counters.GetProperty("pkt4-discover-received").GetInt64());
        Assert.Equal(0, counters.GetProperty("pkt4-offer-sent").GetInt64());
        Assert.Equal("guests", Assert.Single(s.GetProperty("pools").EnumerateArray()).GetProperty("name").GetString());
    }

    private static async Task<(string Name, JsonElement Data)> NextEvent(StreamReader reader)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < until)
        {
            var line = await ReadLine(reader);
            if (!line.StartsWith("event: ", StringComparison.Ordinal)) continue; // comments, blank separators
            var data = await ReadLine(reader);
            Assert.StartsWith("data: ", data);
            return (line["event: ".Length..], JsonDocument.Parse(data["data: ".Length..]).RootElement);
        }
        throw new TimeoutException("no event within 15 s");
    }

    private static async Task<string> ReadLine(StreamReader reader, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        string? line;
        do line = await reader.ReadLineAsync(cts.Token);
        while (line == "");
        return line ?? throw new EndOfStreamException("the event stream ended");
    }
}
