namespace StaticDhcpd.Actors.Pools;

/// <summary>Timing knobs of a PoolEntity; the defaults are for production, tests shorten them or inject a clock.</summary>
public sealed record PoolEntityOptions
{
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    /// <summary>How often lapsed offers, ended probations and expired leases are looked at.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A snapshot after this many events (plus <see cref="SnapshotPerStateEntry"/>), so recovery does not
    /// replay all history.</summary>
    public int SnapshotEvery { get; init; } = 500;

    /// <summary>Events added to the snapshot interval per binding, quarantine and client record: a snapshot's size grows
    /// with the state, so the interval does too — its cost stays constant per event, and recovery reads at most about
    /// this many events per entry of the snapshot. 0 = every SnapshotEvery events whatever the size.</summary>
    public double SnapshotPerStateEntry { get; init; } = 1.0;

    /// <summary>How long the record of a client without a binding is kept (it lets a returning client get its previous
    /// address and shows its history).</summary>
    public TimeSpan ForgetClientsAfter { get; init; } = TimeSpan.FromDays(7);

    public TimeSpan ForgetScanInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the pool waits for a lease entity to confirm an expiry before reclaiming anyway.</summary>
    public TimeSpan ExpiryConfirmTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a lease entity may defer an expiry (a request of that client in flight).</summary>
    public int MaxExpiryDeferrals { get; init; } = 3;

    /// <summary>Least time between the starts of two journal writes (group commit pacing): under load a write carries
    /// what arrived in this interval, at the cost of at most this much (plus the scheduler's tick) added to an ACK.
    /// Zero: write as soon as the previous write is durable.</summary>
    public TimeSpan MinWriteInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan ExhaustedWarningInterval { get; init; } = TimeSpan.FromMinutes(1);

    public static readonly PoolEntityOptions Default = new();
}
