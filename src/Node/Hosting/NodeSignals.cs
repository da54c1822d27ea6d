using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Event;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Node.Hosting;

/// <summary>SIGHUP flushes the static cache (staticDHCPd's reinitialise); SIGUSR1 logs the counters and every pool's
/// state (dnsmasq's statistics dump). Disposing unregisters both.</summary>
public sealed class NodeSignals : IDisposable
{
    private const PosixSignal SigUsr1 = (PosixSignal)10;
    private readonly PosixSignalRegistration _hup;
    private readonly PosixSignalRegistration _usr1;

    public NodeSignals(NodeServices node, IActorRef handler)
    {
        var log = node.System.Log;
        _hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
        {
            ctx.Cancel = true;
            log.Info("SIGHUP: flushing the static definition cache");
            handler.Tell(new FlushStaticCache());
        });
        _usr1 = PosixSignalRegistration.Create(SigUsr1, ctx =>
        {
            ctx.Cancel = true;
            _ = LogStatisticsAsync(node);
        });
    }

    private static async Task LogStatisticsAsync(NodeServices node)
    {
        var log = node.System.Log;
        log.Info(StatisticsReport.Counters(node.Counters.Snapshot()));
        if (node.Pools is not { } regions) return;
        foreach (var (pool, s) in await PoolStatuses.AskAllAsync(regions.Pools, node.Config.Pools, TimeSpan.FromSeconds(5)))
        {
            if (s is null) log.Warning(StatisticsReport.PoolUnavailable(pool.Name));
            else log.Info(StatisticsReport.Pool(s));
        }
    }

    public void Dispose()
    {
        _hup.Dispose();
        _usr1.Dispose();
    }
}
