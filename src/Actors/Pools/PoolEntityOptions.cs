namespace StaticDhcpd.Actors.Pools;

/// <summary>Timing knobs of a PoolEntity; the defaults are for production, tests shorten them or inject a clock.</summary>
public sealed record PoolEntityOptions
{
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    /// <summary>How often requests waiting for spare addresses are looked at.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a bucket's request waits, when the pool has nothing free, for other buckets to give addresses
    /// back before it is told there is none.</summary>
    public TimeSpan SpareWait { get; init; } = TimeSpan.FromSeconds(2.5);

    /// <summary>A snapshot of the ledger after this many events.</summary>
    public int SnapshotEvery { get; init; } = 200;

    /// <summary>How long a status or lease query waits for every bucket of the pool.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The node's ArpService (scans of the pool's ranges); null: this node does not scan.</summary>
    public Akka.Actor.IActorRef? Arp { get; init; }

    public static readonly PoolEntityOptions Default = new();
}
