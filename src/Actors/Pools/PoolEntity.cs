using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using StaticDhcpd.Actors.Arp;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools.Internal;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Pools;

/// <summary>Wakes a pool entity (sent periodically by PoolSharding so a pool is recovered on every start).</summary>
public sealed record WakePool(string Pool) : Serialization.IClusterMessage;

/// <summary>
/// One pool's address space (sharded by pool name), event-sourced: the single writer of which bucket owns which
/// address (<see cref="BlockLedger"/>). Buckets ask it for blocks and give back what they do not need; when nothing is
/// free it asks every bucket that holds addresses to spare some, and the asking bucket waits a moment for them. Little
/// traffic: one event per block moved, never one per lease.
///
/// Migration: a journal written before buckets existed (the same persistence id, holding lease events and a
/// single-pool snapshot) is replayed into the old books, and on completion every bound lease, quarantine and client
/// record is granted to its client's bucket in one atomic write, with <see cref="PoolMigrated"/>. A crash before that
/// write replays the old journal again; after it, the old events are history.
///
/// Status and lease queries fan out to the pool's buckets and are answered once every bucket has answered (so
/// "ready" means the pool and all its buckets have recovered).
/// </summary>
public sealed class PoolEntity : UntypedPersistentActor, IWithTimers
{
    // Until: a Stopwatch timestamp. How long a bucket waits is real time, whatever the lease clock says.
    private sealed record Waiting(IActorRef Bucket, BlockRequest Request, long Until);

    private sealed record Sweep
    {
        public static readonly Sweep Instance = new();
    }

    private sealed record ScanDue
    {
        public static readonly ScanDue Instance = new();
    }

    private readonly PoolPolicy _policy;
    private readonly IActorRef _leaseRegion;
    private readonly PoolEntityOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<Waiting> _waiting = new();
    private BlockLedger _ledger;
    private AddressBook? _legacyBook;
    private ClientBook? _legacyClients;
    private long _lastSpareCall = long.MinValue / 2;
    private int _eventsSinceSnapshot;
    private int _scanLeases, _scanRefused; // what the current scan's answers became

    public PoolEntity(PoolPolicy policy, IActorRef leaseRegion, PoolEntityOptions? options = null)
    {
        _policy = policy;
        _leaseRegion = leaseRegion;
        _options = options ?? PoolEntityOptions.Default;
        _ledger = new BlockLedger(policy.Addresses);
    }

    public static Props Props(PoolPolicy policy, IActorRef leaseRegion, PoolEntityOptions? options = null) =>
        Akka.Actor.Props.Create(() => new PoolEntity(policy, leaseRegion, options));

    public static string PersistenceIdFor(string pool) => "pool-" + pool;

    public override string PersistenceId => PersistenceIdFor(_policy.Name);

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _options.Clock();

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: PoolLedgerSnapshot s }:
                _ledger = BlockLedger.FromSnapshot(_policy.Addresses, s);
                break;
            case SnapshotOffer { Snapshot: PoolSnapshot legacy }:
                _legacyBook = AddressBook.FromSnapshot(_policy.Addresses, legacy);
                _legacyClients = ClientBook.FromSnapshot(legacy);
                break;
            case IPoolEvent legacy:
                (_legacyBook ??= new AddressBook(_policy.Addresses)).Apply(legacy);
                (_legacyClients ??= new ClientBook()).Apply(legacy);
                break;
            case IPoolLedgerEvent e:
                _ledger.Apply(e);
                _eventsSinceSnapshot++;
                break;
            case RecoveryCompleted:
                Timers.StartPeriodicTimer("sweep", Sweep.Instance, _options.SweepInterval);
                if (_legacyBook is not null && !_ledger.Migrated) Migrate(_legacyBook, _legacyClients!);
                _legacyBook = null;
                _legacyClients = null;
                _log.Info("pool {0} recovered: {1} of {2} addresses free in the pool, the rest held by {3} buckets",
                    _policy.Name, _ledger.FreeCount, _ledger.Total, _ledger.BucketsHolding.Count());
                // The node hosting the pool scans it: one node per pool, and again wherever the pool moves.
                if (_options.Arp is not null && _policy.ArpScan.OnStart) StartScan(Self);
                if (_options.Arp is not null && _policy.ArpScan.Interval is { } every)
                    Timers.StartPeriodicTimer("scan", ScanDue.Instance, every);
                break;
        }
    }

    /// <summary>Hands the old single-pool state to the buckets: one grant per bucket carrying its clients' bindings,
    /// quarantines, blocks and records, all in one atomic write with the marker.</summary>
    private void Migrate(AddressBook book, ClientBook clients)
    {
        var snapshot = book.ToSnapshot() with { Clients = clients.ToSnapshot() };
        int BucketOf(string? key, Messages.Net.Ipv4Address a) => Buckets.Of(key ?? a.ToString());
        var events = new List<IPoolLedgerEvent>();
        foreach (var bucket in Enumerable.Range(0, Buckets.Count))
        {
            var carried = new PoolSnapshot([],
                snapshot.Bound.Where(b => Buckets.Of(b.ClientKey) == bucket).ToList(),
                snapshot.Quarantined.Where(q => BucketOf(q.ClientKey, q.Address) == bucket).ToList(),
                snapshot.Blocked.Where(k => Buckets.Of(k) == bucket).ToList(),
                snapshot.Clients!.Where(c => Buckets.Of(c.ClientKey) == bucket).ToList());
            if (carried.Bound.Count + carried.Quarantined.Count + carried.Blocked.Count + carried.Clients!.Count == 0) continue;
            events.Add(new BlockGranted(bucket, _ledger.LastGrantOf(bucket) + 1, [], carried));
        }
        events.Add(new PoolMigrated(snapshot.Bound.Count, Now));
        foreach (var e in events) _ledger.Apply(e);
        PersistAll(events, _ => { });
        DeferAsync(snapshot.Bound.Count, n =>
        {
            _log.Info("pool {0}: migrated {1} bound leases and {2} client records from the journal of the single-pool format to its buckets",
                _policy.Name, n, snapshot.Clients!.Count);
            SaveSnapshot(_ledger.ToSnapshot());
            _eventsSinceSnapshot = 0;
        });
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case BlockRequest r:
                OnBlockRequest(r, Sender);
                break;
            case BlockReceipt r:
                if (_ledger.PendingAfter(r.Bucket, 0).Any(g => g.GrantId <= r.GrantId))
                    Write(new BlockDelivered(r.Bucket, r.GrantId), () => { });
                break;
            case BlockReturn r:
                OnBlockReturn(r, Sender);
                break;
            case SpareRefused r:
                OnSpareRefused(r);
                break;
            case GetPoolStatus:
                Context.ActorOf(PoolQuery.Props(_policy.Name, _ledger.FreeCount, _leaseRegion, Sender, withLeases: false, _options.QueryTimeout));
                break;
            case GetLeases:
                Context.ActorOf(PoolQuery.Props(_policy.Name, _ledger.FreeCount, _leaseRegion, Sender, withLeases: true, _options.QueryTimeout));
                break;
            case WakePool:
                break;
            case StartPoolScan:
                if (_options.Arp is null) Sender.Tell(ScanOff());
                else StartScan(Sender);
                break;
            case ScanDue:
                StartScan(Self);
                break;
            case GetPoolScan:
                if (_options.Arp is null) Sender.Tell(ScanOff());
                else _options.Arp.Tell(new QueryScan(_policy.Name, _policy.Addresses), Sender);
                break;
            case PoolScanProgress p:
                // The answer to a scan this entity started itself (on start, periodic).
                if (p.State == PoolScanState.Unavailable) _log.Warning("pool {0}: not scanned: {1}", _policy.Name, p.Note);
                else _log.Info("pool {0}: ARP scan of {1} addresses on {2}: {3}", _policy.Name, p.Total, p.Interface, p.State);
                break;
            case ArpAnswered a:
                // A host holds the address: it becomes that MAC's lease (it gets it when it asks), unless a client of ours
                // holds, was offered or declined it.
                _leaseRegion.Tell(new AssignClientLease(_policy.Name, ClientKey.From(null, a.Mac), a.Mac, a.Address,
                    _policy.LeaseTime, null, FromScan: true));
                break;
            case ClientLeaseAssigned r:
                if (r.Refusal is null) _scanLeases++;
                else
                {
                    _scanRefused++;
                    _log.Info("pool {0}: {1} answered ARP for {2}, which is not free ({3}): left as it is", _policy.Name,
                        r.ClientKey, r.Address, r.Refusal);
                }
                break;
            case ArpScanDone d:
                _log.Info("pool {0}: ARP scan done: {1} addresses probed, {2} answered; {3} recorded as leases, {4} held by our clients",
                    _policy.Name, d.Probed, d.Answered, _scanLeases, _scanRefused);
                break;
            case Sweep:
                OnSweep();
                break;
            case SaveSnapshotSuccess ok:
                DeleteSnapshots(new SnapshotSelectionCriteria(ok.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure f:
                _log.Warning("pool {0}: snapshot failed: {1}", _policy.Name, f.Cause.Message);
                break;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void StartScan(IActorRef replyTo)
    {
        (_scanLeases, _scanRefused) = (0, 0);
        _options.Arp!.Tell(new ScanAddresses(_policy.Name, _policy.Addresses, _policy.ArpScan, Self), replyTo);
    }

    private PoolScanProgress ScanOff() => new(_policy.Name, PoolScanState.Unavailable, _policy.Addresses.Count, 0, 0, null,
        null, null, "ARP scanning is not available on this node");

    protected override void PostStop()
    {
        _options.Arp?.Tell(new CancelScan(_policy.Name)); // moved or stopped: the next host scans
        base.PostStop();
    }

    /// <param name="until">Set when a waiting request is tried again: it keeps its deadline and asks no one again.</param>
    private void OnBlockRequest(BlockRequest r, IActorRef bucket, long? until = null)
    {
        // Whatever it asks, a bucket first gets every grant it has not confirmed: after a crash on either side that is
        // how an address written as granted reaches its bucket.
        foreach (var g in _ledger.PendingAfter(r.Bucket, r.LastGrantSeen))
            bucket.Tell(new BlockGrant(_policy.Name, r.Bucket, g.GrantId, g.Addresses, g.Carried));
        if (r.Want == 0 && r.Specific is null)
        {
            bucket.Tell(new BlockRequestDone(_policy.Name, r.Bucket, r.AskId, Shortage: false));
            return;
        }
        if (_ledger.Grant(r.Bucket, r.Want, r.Specific) is { } grant)
        {
            Write(grant, () =>
            {
                bucket.Tell(new BlockGrant(_policy.Name, r.Bucket, grant.GrantId, grant.Addresses, null));
                bucket.Tell(new BlockRequestDone(_policy.Name, r.Bucket, r.AskId, Shortage: false));
            });
            return;
        }
        if (r.Specific is { } named && _ledger.OwnerOf(named) is { } holder && holder != r.Bucket)
        {
            // Another bucket holds the named address (a client of its own released it, or it expired there): it gives
            // it back if it is free, and this request is served from the return.
            _waiting.Add(new Waiting(bucket, r, until ?? Stopwatch.GetTimestamp() + Ticks(_options.SpareWait)));
            if (until is null) _leaseRegion.Tell(new SpareAddresses(_policy.Name, holder, named));
            return;
        }
        if (!r.Urgent)
        {
            // A named or a fresh address was wanted and the pool has none: the bucket falls back to what it holds.
            bucket.Tell(new BlockRequestDone(_policy.Name, r.Bucket, r.AskId, Shortage: false));
            return;
        }
        _waiting.Add(new Waiting(bucket, r, until ?? Stopwatch.GetTimestamp() + Ticks(_options.SpareWait)));
        if (until is null) CallForSpares(r.Bucket);
    }

    /// <summary>The bucket holding a named address cannot give it: whoever waited for it falls back — to what it holds,
    /// or, holding nothing (urgent), to any address, which may mean calling every bucket for spares.</summary>
    private void OnSpareRefused(SpareRefused r)
    {
        foreach (var w in _waiting.Where(w => w.Request.Specific == r.Address).ToList())
        {
            _waiting.Remove(w);
            if (w.Request.Urgent) OnBlockRequest(w.Request with { Specific = null, LastGrantSeen = long.MaxValue }, w.Bucket);
            else w.Bucket.Tell(new BlockRequestDone(_policy.Name, w.Request.Bucket, w.Request.AskId, Shortage: false));
        }
    }

    private void CallForSpares(int asking)
    {
        var now = Stopwatch.GetTimestamp();
        if (now - _lastSpareCall < Ticks(_options.SpareWait)) return;
        _lastSpareCall = now;
        foreach (var b in _ledger.BucketsHolding.Where(b => b != asking).ToList())
            _leaseRegion.Tell(new SpareAddresses(_policy.Name, b));
    }

    private void OnBlockReturn(BlockReturn r, IActorRef bucket)
    {
        var accepted = new BlockReturnAccepted(_policy.Name, r.Bucket, r.ReturnId);
        if (_ledger.Reclaim(r.Bucket, r.ReturnId, r.Addresses) is not { } reclaimed)
        {
            bucket.Tell(accepted); // applied before: the acceptance was lost
            return;
        }
        Write(reclaimed, () =>
        {
            bucket.Tell(accepted);
            ServeWaiting();
        });
    }

    private void ServeWaiting()
    {
        var waiting = _waiting.ToList();
        _waiting.Clear();
        foreach (var w in waiting) OnBlockRequest(w.Request with { LastGrantSeen = long.MaxValue }, w.Bucket, w.Until);
    }

    private static long Ticks(TimeSpan t) => (long)(t.TotalSeconds * Stopwatch.Frequency);

    private void OnSweep()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var w in _waiting.Where(w => w.Until <= now).ToList())
        {
            _waiting.Remove(w);
            w.Bucket.Tell(new BlockRequestDone(_policy.Name, w.Request.Bucket, w.Request.AskId, Shortage: w.Request.Urgent));
        }
    }

    /// <summary>One event, applied at once (so the next decision, even within the same message, cannot hand out the
    /// same address) and announced once durable (Persist: commands wait meanwhile; block moves are rare enough that
    /// batching them would buy nothing). A write that fails or is refused stops the entity, which recovers without it.</summary>
    private void Write(IPoolLedgerEvent e, Action then)
    {
        _ledger.Apply(e);
        Persist(e, _ =>
        {
            then();
            if (++_eventsSinceSnapshot < _options.SnapshotEvery) return;
            SaveSnapshot(_ledger.ToSnapshot());
            _eventsSinceSnapshot = 0;
        });
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        Context.Stop(Self); // the ledger holds an event the journal refused: rebuild from the journal
    }
}
