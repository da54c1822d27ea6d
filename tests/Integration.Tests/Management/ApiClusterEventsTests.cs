using Xunit;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>Two members in one process (remoting on 127.0.0.1): the event stream of one shows the other joining, what
/// happens on the other, and the other leaving — the stream is cluster-wide.</summary>
public sealed class ApiClusterEventsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task One_nodes_stream_shows_another_node_join_its_notices_and_its_leaving()
    {
        await using var a = await ApiTestNode.StartAsync(withPool: false);
        using var response = await a.Http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        using var events = new ApiSseReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": subscribed", await events.LineAsync(Wait));

        var b = await ApiTestNode.StartAsync(withPool: false, joinTo: a.Address);
        var bAddress = b.Address.ToString();
        try
        {
            var joined = await events.EventAsync(Wait);
            Assert.Equal(("member-joined", bAddress), (joined?.Name, joined?.Data.GetProperty("node").GetString()));

            // B's mediator learns of A's subscriber by gossip: B publishes until one arrives.
            var seen = false;
            for (var i = 1; i <= 60 && !seen; i++)
            {
                b.System.EventStream.Publish(new Messages.Webhook.UnknownMacSeen(ApiTestNode.Mac(i), "eth1", null, null, null, DateTimeOffset.UtcNow));
                seen = await events.EventAsync(TimeSpan.FromMilliseconds(300)) is ("unknown-mac", var d)
                       && d.GetProperty("interface").GetString() == "eth1";
            }
            Assert.True(seen, "no notice of the other node reached this node's stream within 18 s");
        }
        finally
        {
            await b.DisposeAsync(); // leaves the cluster (coordinated shutdown)
        }
        var left = await events.EventAsync(Wait, skip: "unknown-mac");
        Assert.Equal(("member-left", bAddress), (left?.Name, left?.Data.GetProperty("node").GetString()));
    }
}
