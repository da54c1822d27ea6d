using Akka.Actor;
using Akka.Hosting;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Node.Hosting;

namespace StaticDhcpd.Node.Api;

/// <summary>Flushes the static cache the way SIGHUP does: through the request handler (<see cref="DhcpHandlerKey"/>),
/// which also clears its abuse blocklist and forwards the flush to the directory (the reply comes from the directory
/// once an INI file is re-read). Before the sockets open (no handler registered yet), or on a node without one (a
/// test), the directory is flushed itself.</summary>
public sealed class StaticCache(NodeServices node)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<int> FlushAsync(CancellationToken ct)
    {
        var target = ActorRegistry.For(node.System).TryGet<DhcpHandlerKey>(out var handler) ? handler : node.StaticDirectory;
        var flushed = await target.Ask<StaticCacheFlushed>(new FlushStaticCache(), Timeout, ct);
        return flushed.EntriesDropped;
    }
}
