using System.Text;
using System.Threading.Channels;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StaticDhcpd.Messages.Events;
using StaticDhcpd.Node.Hosting;

namespace StaticDhcpd.Node.Api;

/// <summary>
/// <c>GET /api/v1/events</c>: Server-Sent Events of every node (the DistributedPubSub topic the EventForwarders feed).
/// A comment <c>: subscribed</c> once the subscription is in place, then <c>event:</c>/<c>data:</c> pairs, and
/// <c>: keep-alive</c> after <see cref="KeepAlive"/> without one (proxies and browsers drop silent connections). Each
/// connection buffers at most <see cref="Buffer"/> events: a reader that falls behind loses the oldest and is told how
/// many with a comment, and the node's memory does not grow with it.
/// </summary>
public static class EventsApi
{
    public static TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    public const int Buffer = 256;

    public static void Map(RouteGroupBuilder api, NodeServices node)
    {
        api.MapGet("/events", (HttpContext http) => StreamAsync(http, node.System));
    }

    private static async Task StreamAsync(HttpContext http, ActorSystem system)
    {
        var ct = http.RequestAborted;
        long dropped = 0;
        var channel = Channel.CreateBounded<IManagementEvent>(
            new BoundedChannelOptions(Buffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref dropped));
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriber = system.ActorOf(EventSubscriber.Props(channel.Writer, subscribed));
        try
        {
            try
            {
                await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            }
            catch (TimeoutException)
            {
                await Management.ApiError.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, Management.ApiError.Unavailable,
                    "the cluster's event topic did not confirm the subscription within 10 s");
                return;
            }
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await WriteAsync(http, ": subscribed\n\n", ct);
            long reported = 0;
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(KeepAlive);
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(wait.Token)) break;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await WriteAsync(http, ": keep-alive\n\n", ct);
                    continue;
                }
                var text = new StringBuilder();
                var lost = Interlocked.Read(ref dropped);
                if (lost != reported)
                {
                    text.Append(": ").Append(lost - reported).Append(" events dropped (reading too slowly)\n\n");
                    reported = lost;
                }
                while (channel.Reader.TryRead(out var e))
                    if (EventJson.Format(e) is var (name, data))
                        text.Append("event: ").Append(name).Append("\ndata: ").Append(data).Append("\n\n");
                await WriteAsync(http, text.ToString(), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away
        }
        finally
        {
            subscriber.Tell(PoisonPill.Instance);
        }
    }

    private static async Task WriteAsync(HttpContext http, string text, CancellationToken ct)
    {
        await http.Response.WriteAsync(text, ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
