using Akka.Actor;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Node.Hosting;

namespace StaticDhcpd.Node.Api;

/// <summary>A lease with the configured pool it belongs to.</summary>
public sealed record PoolLease(PoolSettings Pool, LeaseInfo Lease);

/// <summary>
/// What the endpoints ask the pools (through the shard regions, so wherever the pool and its buckets live). Asks time
/// out after <see cref="AskTimeout"/>: a pool answers only when all its buckets have (PoolQuery), and a pool that
/// cannot answer yields a 503 (the endpoints' filter turns <see cref="AskTimeoutException"/> into one).
/// </summary>
public sealed class PoolAccess(NodeServices node)
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public IReadOnlyList<PoolSettings> Configured => node.Config.Pools;

    public PoolSettings? Find(string name) => Configured.FirstOrDefault(p => p.Name == name);

    /// <summary>The Kea subnet-id of a pool in the CSV export: its position in the configuration, from 1.</summary>
    public int SubnetIdOf(PoolSettings p) => Configured.ToList().IndexOf(p) + 1;

    private PoolRegions Regions => node.Pools ?? throw new InvalidOperationException("no pool is configured");

    public async Task<IReadOnlyList<PoolJson>> StatusAsync(IEnumerable<PoolSettings> pools, CancellationToken ct)
    {
        var asked = pools.ToList();
        if (asked.Count == 0) return []; // no pool configured: nothing to ask, and no region to ask it of
        var answers = await PoolStatuses.AskAllAsync(Regions.Pools, asked, AskTimeout, ct);
        // The endpoints' filter answers 503 for this: a pool that cannot answer gets no figures rather than wrong ones.
        if (answers.FirstOrDefault(a => a.Status is null) is { Pool: { } silent })
            throw new AskTimeoutException($"pool {silent.Name} did not answer within {AskTimeout.TotalSeconds} s");
        return answers.Select(a => ToJson(a.Pool, a.Status!)).ToList();
    }

    public async Task<IReadOnlyList<PoolLease>> LeasesAsync(IEnumerable<PoolSettings> pools, CancellationToken ct)
    {
        var asks = pools.Select(async p =>
            (await Regions.Pools.Ask<PoolLeases>(new GetLeases(p.Name), AskTimeout, ct)).Leases.Select(l => new PoolLease(p, l))).ToList();
        return (await Task.WhenAll(asks)).SelectMany(x => x).ToList();
    }

    /// <summary>Releases the client's binding in its bucket (and clears a max-renewals block), as the registration flow does.</summary>
    public Task<ClientLeaseReleased> ReleaseAsync(string pool, string clientKey, CancellationToken ct) =>
        Regions.Leases.Ask<ClientLeaseReleased>(new ReleaseClientLease(pool, clientKey), AskTimeout, ct);

    /// <summary>An operator-made lease in the client's bucket (which gets the address from its pool when it must).
    /// Longer than the other asks: the bucket may wait for the address to move from another bucket.</summary>
    public Task<ClientLeaseAssigned> AssignAsync(AssignClientLease a, CancellationToken ct) =>
        Regions.Leases.Ask<ClientLeaseAssigned>(a, 2 * AskTimeout, ct);

    /// <summary>Starts an ARP scan of the pool (<paramref name="start"/>) or asks how its scan stands, of the pool
    /// entity wherever it lives (the node hosting it scans).</summary>
    public Task<PoolScanProgress> ScanAsync(PoolSettings p, bool start, CancellationToken ct) =>
        Regions.Pools.Ask<PoolScanProgress>(start ? new StartPoolScan(p.Name) : new GetPoolScan(p.Name), AskTimeout, ct);

    public static ScanJson ToJson(PoolScanProgress s) => new(
        s.Pool, s.State.ToString().ToLowerInvariant(), s.Total, s.Probed, s.Answered,
        s.Total > 0 ? (int)(s.Probed * 100L / s.Total) : 0, s.StartedAt?.UtcDateTime, s.FinishedAt?.UtcDateTime,
        s.Interface, s.Note);

    public static PoolJson ToJson(PoolSettings p, PoolStatus s) => new(
        p.Name, p.Subnet.ToString(), p.Ranges.Select(r => $"{r.First}-{r.Last}").ToList(), (long)p.LeaseTime.TotalSeconds,
        s.Total, s.Free, s.Offered, s.Bound, s.Declined, s.InUse, s.BlockedClients);

    public static LeaseJson ToJson(PoolLease l) => new(
        l.Lease.Address.ToString(), l.Lease.Mac?.ToString(), LeaseKey.ClientIdOf(l.Lease.ClientKey), l.Pool.Name,
        LeaseFilter.NameOf(l.Lease.State), l.Lease.Until.UtcDateTime, l.Lease.Hostname);
}
