namespace StaticDhcpd.Actors.Pools;

/// <summary>Timing knobs of a bucket's LeaseEntity; the defaults are for production, tests shorten them or inject a clock.</summary>
public sealed record LeaseEntityOptions
{
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    /// <summary>How often lapsed offers, ended probations, expired leases and the bucket's stock are looked at.</summary>
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

    /// <summary>Least time between the starts of two journal writes (group commit pacing): under load a write carries
    /// what arrived in this interval, at the cost of at most this much (plus the scheduler's tick) added to an ACK.
    /// Zero: write as soon as the previous write is durable.</summary>
    public TimeSpan MinWriteInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan ExhaustedWarningInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a request waits for addresses from the pool before it is dropped (the client retransmits).</summary>
    public TimeSpan PoolAnswerTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>A request for the pool (or a return to it) not answered after this long is sent again.</summary>
    public TimeSpan PoolRetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A request (same xid and client) that reached this bucket through another node within this window was
    /// already answered by the first node: it is not answered twice.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Where the bucket counts its journal writes (null: not counted).</summary>
    public Statistics.JournalCounters? Journal { get; init; }

    /// <summary>Where the bucket counts the leases it reclaims on expiry (null: not counted).</summary>
    public Statistics.ReclaimedLeases? Reclaimed { get; init; }

    /// <summary>The node's ArpService, for the conflict check before an offer (pools with conflict-check = on); null:
    /// no check.</summary>
    public Akka.Actor.IActorRef? Arp { get; init; }

    /// <summary>How long a conflict-check probe waits for an ARP answer. Up to <see cref="ConflictProbesPerOffer"/>
    /// probes run one after another for one client, so together they stay within its first retransmission (~1 s).</summary>
    public TimeSpan ConflictProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    public int ConflictProbesPerOffer { get; init; } = 3;

    public static readonly LeaseEntityOptions Default = new();
}
