using Akka.Actor;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Node.Hosting;

/// <summary>Pools' status asked through the pool region (a pool answers once all its buckets have, wherever they
/// live); null for a pool that did not answer in time. Start-up, SIGUSR1, /ready, /metrics and the API all ask this way.</summary>
public static class PoolStatuses
{
    public static async Task<PoolStatus?> AskAsync(IActorRef poolRegion, string pool, TimeSpan timeout, CancellationToken ct = default)
    {
        try
        {
            return await poolRegion.Ask<PoolStatus>(new GetPoolStatus(pool), timeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    /// <summary>Every pool at once, in the order given.</summary>
    public static async Task<IReadOnlyList<(PoolSettings Pool, PoolStatus? Status)>> AskAllAsync(IActorRef poolRegion,
        IEnumerable<PoolSettings> pools, TimeSpan timeout, CancellationToken ct = default) =>
        await Task.WhenAll(pools.Select(async p => (p, await AskAsync(poolRegion, p.Name, timeout, ct))));
}
