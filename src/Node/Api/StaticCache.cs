using Akka.Actor;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Node.Hosting;

namespace StaticDhcpd.Node.Api;

/// <summary>Flushes the static cache the way SIGHUP does: through the request handler, which also clears its abuse
/// blocklist and forwards the flush to the directory (the reply comes from the directory once an INI file is re-read).
/// A node without a handler at its usual path (a test) flushes the directory itself.</summary>
public sealed class StaticCache(NodeServices node)
{
    public const string HandlerPath = "/user/dhcp-handler";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<int> FlushAsync(CancellationToken ct)
    {
        IActorRef target;
        try { target = await node.System.ActorSelection(HandlerPath).ResolveOne(TimeSpan.FromSeconds(1), ct); }
        catch (ActorNotFoundException) { target = node.StaticDirectory; }
        var flushed = await target.Ask<StaticCacheFlushed>(new FlushStaticCache(), Timeout, ct);
        return flushed.EntriesDropped;
    }
}
