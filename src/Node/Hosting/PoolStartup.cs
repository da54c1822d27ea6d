using Akka.Actor;
using Akka.Event;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Node.Hosting;

/// <summary>
/// Opens the sockets only once every pool entity has recovered: before that, the first clients' requests would
/// wait on the shard coordinator and the journal and time out. A journal that cannot be reached keeps the node
/// here, retrying and saying so, rather than serving with pools it cannot answer from.
/// </summary>
public static class PoolStartup
{
    public static async Task WaitForPoolsAsync(ActorSystem system, PoolRegions regions, IReadOnlyList<PoolSettings> pools,
        CancellationToken ct)
    {
        foreach (var pool in pools)
        {
            for (var attempt = 1; ; attempt++)
            {
                ct.ThrowIfCancellationRequested();
                if (await PoolStatuses.AskAsync(regions.Pools, pool.Name, TimeSpan.FromSeconds(10), ct) is { } s)
                {
                    system.Log.Info("pool {0} ready: {1} free, {2} bound, {3} declined of {4}",
                        s.Pool, s.Free, s.Bound, s.Declined, s.Total);
                    break;
                }
                system.Log.Warning("pool {0} not ready after {1} attempt(s) (journal unreachable or still recovering); retrying",
                    pool.Name, attempt);
            }
        }
    }
}
