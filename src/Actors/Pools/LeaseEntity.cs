using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using StaticDhcpd.Actors.Arp;
using StaticDhcpd.Actors.Pools.Internal;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Messages.Webhook;

namespace StaticDhcpd.Actors.Pools;

/// <summary>
/// The leases of one bucket of a pool's clients (sharded by <c>pool|bucket</c>; the client key hashes into the
/// bucket), event-sourced in its own journal. It offers, binds, renews, releases, declines and expires its clients'
/// leases and keeps their records, allocating only from the addresses its pool granted it; renewals never leave it.
///
/// Addresses: on recovery the bucket synchronises with its pool (grants it has not confirmed are re-sent) before it
/// answers anyone; it asks for a block when it runs low or a client names an address it does not hold, gives back what
/// it holds beyond a few blocks, and everything free when the pool runs dry. A request that needs an address waits for
/// the pool's answer (parked), so a client is refused only when the whole pool has nothing free.
///
/// Write path, group commit: a request is decided against the current state at once and its events applied
/// immediately (so the next request cannot get the same address), but its reply waits in a batch. One batch is written
/// at a time (PersistAllAsync); replies leave once the whole batch is durable (DeferAsync). A failed or rejected write
/// answers every waiting request Silent and the entity stops; it recovers from the journal without the unwritten
/// events, so no ACK ever depends on a write that did not happen. Offers and NAKs need no write.
/// </summary>
public sealed class LeaseEntity : UntypedPersistentActor, IWithTimers
{
    private sealed class Batch
    {
        public readonly List<IBucketEvent> Events = new();
        // OnFailure null: nothing is sent when the write fails (a query or a message to the pool).
        public readonly List<(IActorRef To, object Reply, object? OnFailure)> Replies = new();
        public bool Cancelled;
    }

    // At: a Stopwatch timestamp, as every wait on the pool and on other nodes below: those are real time, whatever the
    // lease clock says.
    // Request: a LeaseRequest or an AssignClientLease, decided again when the pool answers.
    private sealed record Parked(IActorRef ReplyTo, IPoolProtocolMessage Request, long At, long AskId);

    // An offer waiting for its conflict check: sent when nothing answers, else the client is decided again.
    private sealed record Probing(IActorRef ReplyTo, LeaseRequest Request, LeaseReply Offer, int Probes, long At);

    private sealed record Sweep
    {
        public static readonly Sweep Instance = new();
    }

    private sealed record FlushDue
    {
        public static readonly FlushDue Instance = new();
    }

    private readonly PoolPolicy _policy;
    private readonly int _bucket;
    private readonly int _blockSize;
    private readonly IActorRef _poolRegion;
    private readonly LeaseEntityOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AddressBook _book = new([]);
    private ClientBook _clients = new();
    private long _lastGrant;
    private long _lastReturn;
    private readonly SortedDictionary<long, BlockGivenBack> _unconfirmed = new();
    private readonly List<Parked> _parked = new();
    private readonly Dictionary<long, long> _asks = new(); // ask id → sent at
    private long _nextAsk;
    private readonly Dictionary<long, Probing> _probing = new();
    private long _nextProbe;
    private bool _synced;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _recovered;
    private long _snapshotAt = -1;
    private long _replayed;
    private long _lastReturnSent;
    private readonly Dictionary<(uint Xid, string ClientKey), (Address Node, long At)> _answered = new();
    private DateTimeOffset _lastForget;
    private Batch _next = new();
    private Batch? _inFlight;
    private long _lastWriteStarted; // Stopwatch timestamp: the pacing below needs real time too
    private bool _flushDue;
    private int _eventsSinceSnapshot;
    private bool _snapshotPending;
    private long _exhausted;
    private DateTimeOffset _lastExhaustedWarning = DateTimeOffset.MinValue;

    /// <summary>Builds the entity without reflection or expression trees (sharding creates one per bucket on demand).</summary>
    private sealed class Producer(PoolPolicy policy, int bucket, IActorRef poolRegion, LeaseEntityOptions? options)
        : IIndirectActorProducer
    {
        public Type ActorType => typeof(LeaseEntity);
        public ActorBase Produce() => new LeaseEntity(policy, bucket, poolRegion, options);
        public void Release(ActorBase actor) { }
    }

    public LeaseEntity(PoolPolicy policy, int bucket, IActorRef poolRegion, LeaseEntityOptions? options = null)
    {
        _policy = policy;
        _bucket = bucket;
        _poolRegion = poolRegion;
        _options = options ?? LeaseEntityOptions.Default;
        _blockSize = BlockLedger.BlockSizeFor(policy.Addresses.Count);
    }

    public static Props Props(PoolPolicy policy, int bucket, IActorRef poolRegion, LeaseEntityOptions? options = null) =>
        Akka.Actor.Props.CreateBy(new Producer(policy, bucket, poolRegion, options));

    public static string PersistenceIdFor(string pool, int bucket) => $"lease-{pool}|{bucket}";

    public override string PersistenceId => PersistenceIdFor(_policy.Name, _bucket);

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _options.Clock();

    private static long Elapsed(long since) => Stopwatch.GetTimestamp() - since;

    private static long Ticks(TimeSpan t) => (long)(t.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Below this many free addresses the bucket asks for another block before anyone has to wait.</summary>
    private int LowWater => _blockSize / 2;

    /// <summary>Above this many free addresses the bucket gives the rest back, so free addresses stay where they are
    /// needed.</summary>
    private int HighWater => 4 * _blockSize;

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: BucketSnapshot s } offer:
                _snapshotAt = offer.Metadata.SequenceNr;
                _book = AddressBook.FromSnapshot(s.Book.Free.Concat(s.Book.Bound.Select(b => b.Address))
                    .Concat(s.Book.Quarantined.Select(q => q.Address)), s.Book);
                _clients = ClientBook.FromSnapshot(s.Book);
                _lastGrant = s.LastGrant;
                _lastReturn = s.LastReturn;
                foreach (var r in s.UnconfirmedReturns) _unconfirmed[r.ReturnId] = r;
                break;
            case IBucketEvent e:
                Apply(e);
                _eventsSinceSnapshot++;
                _replayed++;
                break;
            case RecoveryCompleted:
                _recovered = Stopwatch.GetTimestamp();
                _lastForget = Now;
                Timers.StartPeriodicTimer("sweep", Sweep.Instance, _options.SweepInterval);
                Ask(0, null); // the sync: grants the pool wrote and we did not are sent again; blocks come on demand
                SendUnconfirmedReturns();
                break;
        }
    }

    private void Apply(IBucketEvent e)
    {
        switch (e)
        {
            case IPoolEvent lease:
                _clients.Apply(lease);
                _book.Apply(lease);
                break;
            case BlockReceived r when r.GrantId > _lastGrant:
                _book.Receive(r.Addresses, r.Carried);
                if (r.Carried?.Clients is { } carried) _clients.Absorb(carried);
                _lastGrant = r.GrantId;
                break;
            case BlockReceived:
                break; // a grant seen twice (a repeat that crossed our receipt)
            case BlockGivenBack g:
                _book.GiveBack(g.Addresses);
                _unconfirmed[g.ReturnId] = g;
                _lastReturn = Math.Max(_lastReturn, g.ReturnId);
                break;
            case BlockReturnConfirmed c:
                foreach (var id in _unconfirmed.Keys.Where(id => id <= c.ReturnId).ToList()) _unconfirmed.Remove(id);
                break;
            default:
                throw new ArgumentException($"not a bucket event: {e.GetType().Name}");
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case WakeBucket:
                return;
            case FlushDue:
                _flushDue = false;
                Flush();
                return;
            case SaveSnapshotSuccess ok:
                DeleteSnapshots(new SnapshotSelectionCriteria(ok.Metadata.SequenceNr - 1));
                return;
            case SaveSnapshotFailure f:
                _log.Warning("bucket {0}|{1}: snapshot failed: {2}", _policy.Name, _bucket, f.Cause.Message);
                return;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                return;
        }

        // While a snapshot waits for the state to be fully durable, nothing may change it; before the first sync with
        // the pool, the bucket may not know all it owns (a grant written by the pool, not yet by us).
        if (_snapshotPending || (!_synced && message is LeaseRequest or ReleaseClientLease or AssignClientLease or SpareAddresses or GetBucketView or GetClientLease))
        {
            Stash.Stash();
            return;
        }

        switch (message)
        {
            case GetBucketView view:
                Sender.Tell(View(view.WithLeases));
                break;
            case GetClientLease g:
                // As of the journal: an optimistic grant still being written is not shown until it is durable.
                var bound = _book.BoundAddressOf(g.ClientKey);
                ReplyWhenDurable(Sender, _clients.View(_policy.Name, g.ClientKey, bound, bound is { } b ? _book.BindingAt(b) : null));
                break;
            case LeaseRequest r:
                OnLeaseRequest(r, Sender);
                break;
            case AssignClientLease a:
                OnAssign(a, Sender);
                break;
            case ReleaseClientLease r:
                var v = PoolDecider.ReleaseClient(_book, r.ClientKey, Now);
                var released = new ClientLeaseReleased(_policy.Name, r.ClientKey, v.Change == BindingChange.Released ? v.Address : null);
                if (v.Events.Count == 0) Sender.Tell(released);
                else Enqueue(v.Events, Sender, released, null);
                break;
            case BlockGrant g:
                OnGrant(g);
                break;
            case BlockRequestDone d:
                OnRequestDone(d);
                break;
            case ProbeResult p:
                OnProbeResult(p);
                break;
            case BlockReturnAccepted a:
                if (_unconfirmed.ContainsKey(a.ReturnId)) Enqueue([new BlockReturnConfirmed(a.ReturnId)], ActorRefs.Nobody, null, null);
                break;
            case SpareAddresses { Specific: { } wanted }:
                if (_book.IsFree(wanted)) GiveBack([wanted]);
                else _poolRegion.Tell(new SpareRefused(_policy.Name, _bucket, wanted));
                break;
            case SpareAddresses:
                if (_parked.Count == 0) GiveBack(_book.SpareFree(int.MaxValue));
                break;
            case Sweep:
                OnSweep();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    // ---- requests ----

    private void OnLeaseRequest(LeaseRequest r, IActorRef replyTo, long askedWith = 0, int probes = 0)
    {
        var now = Now;
        if (r.Method == DhcpMethod.Inform)
        {
            // INFORM: the client configured its own address; it only wants options. No lease state involved.
            replyTo.Tell(new LeaseReply(r.CorrelationId, LeaseOutcome.Ack, r.ClientAddress, TimeSpan.Zero, null, null));
            return;
        }
        var node = replyTo.Path.Address;
        if (_answered.TryGetValue((r.Xid, r.ClientKey), out var first) && first.Node != node && Elapsed(first.At) < Ticks(_options.DuplicateWindow))
        {
            // The same packet reached us through another node too (a relay configured with several of them): the
            // first node answered it.
            replyTo.Tell(Silent(r, "answered by another node"));
            return;
        }
        var v = PoolDecider.Decide(_book, _policy, r, _clients.PreferredAddress(r.ClientKey), now, mayAsk: askedWith == 0);
        if (v.Need is { } need)
        {
            // A DISCOVER with nothing free here also wants a block; a REQUEST only ever wants the address it names.
            var block = need.Specific is null || (r.Method == DhcpMethod.Discover && _book.FreeCount == 0);
            var ask = Ask(block ? _blockSize : 0, need.Specific, need.Urgent);
            _parked.Add(new Parked(replyTo, r, Stopwatch.GetTimestamp(), ask));
            return;
        }
        // Conflict check: an address newly chosen for this client (not the offer it already holds) is probed first.
        var check = v.HoldOffer && _policy.ConflictCheck && _options.Arp is not null && _book.OfferedAddressOf(r.ClientKey) != v.Address;
        if (check && probes >= _options.ConflictProbesPerOffer)
        {
            replyTo.Tell(Silent(r, $"conflict check: the last {probes} addresses probed were in use"));
            return;
        }
        if (v.HoldOffer) _book.HoldOffer(v.Address, r.ClientKey, r.Mac, now + _policy.OfferHold);
        if (v.Exhausted) NoteExhausted(r.ClientKey, now);
        if (v.Outcome != LeaseOutcome.Silent) _answered[(r.Xid, r.ClientKey)] = (node, Stopwatch.GetTimestamp());
        var reply = new LeaseReply(r.CorrelationId, v.Outcome, v.Address,
            v.Outcome is LeaseOutcome.Ack or LeaseOutcome.Offer ? _policy.LeaseTime : TimeSpan.Zero, v.Hostname, v.Reason);
        if (check)
        {
            // The offer is held (nobody else gets the address) while the probe runs; other clients are served meanwhile.
            var id = ++_nextProbe;
            _probing[id] = new Probing(replyTo, r, reply, probes + 1, Stopwatch.GetTimestamp());
            _options.Arp!.Tell(new ProbeAddress(v.Address, _options.ConflictProbeTimeout, id));
            return;
        }
        if (v.Events.Count == 0) replyTo.Tell(reply);
        else Enqueue(v.Events, replyTo, reply, Silent(r, "journal write failed"));
        if (_book.FreeCount < LowWater && _asks.Count == 0) Ask(_blockSize, null);
    }

    private void OnProbeResult(ProbeResult p)
    {
        if (!_probing.Remove(p.Id, out var w)) return; // answered late: the offer went out already
        if (p.AnsweredBy is not { } mac)
        {
            w.ReplyTo.Tell(w.Offer);
            return;
        }
        // A host the pool does not know holds the address: out of circulation, durably, and another address for the
        // client (decided again, so it may ask the pool or probe once more).
        var now = Now;
        _log.Info("pool {0}: conflict check: {1} answered ARP for {2}; marked in use until {3:u}, offering another address to {4}",
            _policy.Name, mac, p.Address, now + _policy.DeclineProbation, w.Request.ClientKey);
        Enqueue([new AddressSeenInUse(p.Address, mac, now, now + _policy.DeclineProbation)], ActorRefs.Nobody, null, null);
        OnLeaseRequest(w.Request, w.ReplyTo, probes: w.Probes);
    }

    private static LeaseReply Silent(LeaseRequest r, string reason) =>
        new(r.CorrelationId, LeaseOutcome.Silent, Ipv4Address.Any, TimeSpan.Zero, null, reason);

    /// <summary>An operator-made lease: decided like a REQUEST naming the address, written like a grant.</summary>
    private void OnAssign(AssignClientLease a, IActorRef replyTo, long askedWith = 0)
    {
        var v = PoolDecider.Assign(_book, _policy, a, Now, mayAsk: askedWith == 0);
        if (v.Need is { } need)
        {
            _parked.Add(new Parked(replyTo, a, Stopwatch.GetTimestamp(), Ask(0, need.Specific)));
            return;
        }
        var reply = v.Outcome == LeaseOutcome.Ack
            ? new ClientLeaseAssigned(_policy.Name, a.ClientKey, a.Address, v.ExpiresAt, v.Hostname, null)
            : new ClientLeaseAssigned(_policy.Name, a.ClientKey, a.Address, null, null, v.Reason);
        if (v.Events.Count == 0) replyTo.Tell(reply);
        else Enqueue(v.Events, replyTo, reply, Unanswered(a));
    }

    private ClientLeaseAssigned Unanswered(AssignClientLease a) =>
        new(_policy.Name, a.ClientKey, a.Address, null, null, AssignRefusal.Unavailable);

    /// <summary>Decides a parked request again, now without asking the pool.</summary>
    private void Redecide(Parked p, long askedWith)
    {
        if (p.Request is LeaseRequest r) OnLeaseRequest(r, p.ReplyTo, askedWith);
        else if (p.Request is AssignClientLease a) OnAssign(a, p.ReplyTo, askedWith);
    }

    /// <summary>What a parked request is answered with when it cannot be decided (no answer from the pool, a failed write).</summary>
    private object Abandoned(Parked p, string reason) => p.Request switch
    {
        LeaseRequest r => Silent(r, reason),
        AssignClientLease a => Unanswered(a),
        _ => throw new InvalidOperationException($"not a parked request: {p.Request.GetType().Name}"),
    };

    private void NoteExhausted(string clientKey, DateTimeOffset now)
    {
        _exhausted++;
        if (now - _lastExhaustedWarning < _options.ExhaustedWarningInterval) return;
        _lastExhaustedWarning = now;
        _log.Warning("pool {0} exhausted: no free address for {1} ({2} requests refused so far in bucket {3})",
            _policy.Name, clientKey, _exhausted, _bucket);
    }

    // ---- blocks ----

    private long Ask(int want, Ipv4Address? specific, bool urgent = false)
    {
        var id = ++_nextAsk;
        _asks[id] = Stopwatch.GetTimestamp();
        _poolRegion.Tell(new BlockRequest(_policy.Name, _bucket, _lastGrant, want, specific, urgent, id));
        return id;
    }

    private void OnGrant(BlockGrant g)
    {
        if (g.GrantId <= _lastGrant)
        {
            _poolRegion.Tell(new BlockReceipt(_policy.Name, _bucket, g.GrantId)); // ours already: the receipt was lost
            return;
        }
        // Applied now (parked requests may use these addresses at once: their ACKs wait for this write or a later one),
        // confirmed to the pool once durable.
        Enqueue([new BlockReceived(g.GrantId, g.Addresses, g.Carried)], _poolRegion,
            new BlockReceipt(_policy.Name, _bucket, g.GrantId), null);
    }

    private void OnRequestDone(BlockRequestDone d)
    {
        _asks.Remove(d.AskId);
        if (!_synced)
        {
            _synced = true;
            // One line per start of a bucket (node start, or a move): when a bucket answers where, and how long it took.
            var recovery = (_snapshotAt < 0 ? "no snapshot" : $"snapshot at {_snapshotAt}")
                           + $", {_replayed} events replayed"; // a gap shows as snapshot + replayed < the event recovered to
            var took = $"in {Stopwatch.GetElapsedTime(_started, _recovered).TotalMilliseconds:0} ms, synchronised with its pool in {Stopwatch.GetElapsedTime(_recovered).TotalMilliseconds:0} ms";
            _log.Info("bucket {0}|{1} serving: recovered to event {2} ({3}) {4}; {5}", _policy.Name, _bucket, LastSequenceNr, recovery,
                took, $"{_book.BoundCount} bound, {_book.FreeCount} free of {_book.Total}");
            Stash.UnstashAll();
        }
        // Those that waited for this answer decide again, now without asking.
        var ready = _parked.Where(p => p.AskId == d.AskId).ToList();
        foreach (var p in ready)
        {
            _parked.Remove(p);
            Redecide(p, d.AskId);
        }
    }

    private void GiveBack(IReadOnlyList<Ipv4Address> addresses)
    {
        if (addresses.Count == 0) return;
        var back = new BlockGivenBack(_lastReturn + 1, addresses.ToList());
        // Durable before the pool hears of it: until then the addresses are still ours.
        Enqueue([back], _poolRegion, new BlockReturn(_policy.Name, _bucket, back.ReturnId, back.Addresses), null);
        _lastReturnSent = Stopwatch.GetTimestamp();
    }

    private void SendUnconfirmedReturns()
    {
        foreach (var r in _unconfirmed.Values) _poolRegion.Tell(new BlockReturn(_policy.Name, _bucket, r.ReturnId, r.Addresses));
        _lastReturnSent = Stopwatch.GetTimestamp();
    }

    private void OnSweep()
    {
        var now = Now;
        _book.ReturnLapsedOffers(now);
        foreach (var (address, binding) in _book.TakeDue(now))
            Enqueue([new AddressExpired(address, binding.ClientKey, now)], ActorRefs.Nobody, null, null);
        if (now - _lastForget >= _options.ForgetScanInterval)
        {
            _lastForget = now;
            var forgotten = _clients.Forget(now - _options.ForgetClientsAfter);
            if (forgotten > 0) _log.Info("bucket {0}|{1}: forgot {2} client records idle since {3:u}", _policy.Name, _bucket, forgotten, now - _options.ForgetClientsAfter);
        }
        // The ArpService answers every probe by its timeout; one it lost must not hold the offer back.
        foreach (var (id, w) in _probing.Where(p => Elapsed(p.Value.At) > 4 * Ticks(_options.ConflictProbeTimeout)).ToList())
        {
            _probing.Remove(id);
            w.ReplyTo.Tell(w.Offer);
        }
        foreach (var p in _parked.Where(p => Elapsed(p.At) > Ticks(_options.PoolAnswerTimeout)).ToList())
        {
            _parked.Remove(p);
            p.ReplyTo.Tell(Abandoned(p, "no answer from the pool"));
        }
        // Asks and returns lost on the way (the pool's node died, the pool was recovering) are repeated.
        foreach (var (id, _) in _asks.Where(a => Elapsed(a.Value) > Ticks(_options.PoolRetryInterval)).ToList())
        {
            _asks[id] = Stopwatch.GetTimestamp();
            _poolRegion.Tell(new BlockRequest(_policy.Name, _bucket, _lastGrant, _parked.Count > 0 ? _blockSize : 0, null,
                _parked.Any(p => p.AskId == id), id));
        }
        if (_unconfirmed.Count > 0 && Elapsed(_lastReturnSent) > Ticks(_options.PoolRetryInterval)) SendUnconfirmedReturns();
        if (_synced && _parked.Count == 0 && _book.FreeCount > HighWater)
            GiveBack(_book.SpareFree(_book.FreeCount - 2 * _blockSize));
        else if (_synced && _book.FreeCount < LowWater && _asks.Count == 0)
            Ask(_blockSize, null);
        foreach (var k in _answered.Where(a => Elapsed(a.Value.At) > Ticks(_options.DuplicateWindow)).Select(a => a.Key).ToList())
            _answered.Remove(k);
    }

    private BucketView View(bool withLeases) => new(_policy.Name, _bucket, _book.Total, _book.FreeCount, _book.OfferedCount,
        _book.BoundCount, _book.DeclinedCount, _book.InUseCount, _book.BlockedCount, _exhausted,
        withLeases ? _book.Leases() : []);

    // ---- group commit ----

    private void Enqueue(IReadOnlyList<IBucketEvent> events, IActorRef replyTo, object? reply, object? onFailure)
    {
        foreach (var e in events)
        {
            // Optimistic: the write below makes it true, or the entity stops and recovers without it.
            Apply(e);
            _next.Events.Add(e);
        }
        if (reply is not null) _next.Replies.Add((replyTo, reply, onFailure));
        Flush();
    }

    /// <summary>Sends <paramref name="reply"/> once everything applied so far is durable: now when nothing is being
    /// written, else with the batch that holds the latest events.</summary>
    private void ReplyWhenDurable(IActorRef to, object reply)
    {
        var batch = _next.Events.Count > 0 ? _next : _inFlight;
        if (batch is null) to.Tell(reply);
        else batch.Replies.Add((to, reply, null));
    }

    private void Flush()
    {
        if (_inFlight is not null || _next.Events.Count == 0 || _flushDue) return;
        // Pacing: every journal write costs Akka.Persistence.Sql a fixed amount of CPU whatever its size, so under
        // load writes start at most every MinWriteInterval and carry more events each. A lone request after a quiet
        // spell is written at once.
        var wait = _options.MinWriteInterval - System.Diagnostics.Stopwatch.GetElapsedTime(_lastWriteStarted);
        if (wait > TimeSpan.Zero)
        {
            _flushDue = true;
            Timers.StartSingleTimer(FlushDue.Instance, FlushDue.Instance, wait);
            return;
        }
        _lastWriteStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        var batch = _next;
        _next = new Batch();
        _inFlight = batch;
        PersistAllAsync(batch.Events, _ => { });
        DeferAsync(batch, OnBatchDurable);
    }

    private void OnBatchDurable(Batch batch)
    {
        if (batch.Cancelled) return;
        _inFlight = null;
        _options.Journal?.CountWrite(batch.Events.Count, Stopwatch.GetElapsedTime(_lastWriteStarted));
        foreach (var (to, reply, _) in batch.Replies) to.Tell(reply, Self);
        foreach (var e in batch.Events) Announce(e);
        _eventsSinceSnapshot += batch.Events.Count;

        if (_eventsSinceSnapshot >= SnapshotThreshold) _snapshotPending = true;
        if (_snapshotPending && _next.Events.Count == 0)
        {
            // Nothing applied but not yet written: the state is exactly the journal's.
            SaveSnapshot(new BucketSnapshot(_book.ToSnapshot() with { Clients = _clients.ToSnapshot() }, _lastGrant, _lastReturn,
                _unconfirmed.Values.ToList()));
            _eventsSinceSnapshot = 0;
            _snapshotPending = false;
            Stash.UnstashAll();
            return;
        }
        Flush();
    }

    /// <summary>Durable lease changes for the webhook and the event stream (the node's notifier filters by its configured events). Only
    /// live writes announce, never recovery; a renewal is not news, a new binding is.</summary>
    private void Announce(IBucketEvent e)
    {
        if (e is AddressExpired) _options.Reclaimed?.Count(_policy.Name);
        IWebhookNotice? notice = e switch
        {
            AddressBound { Renewals: 0 } b => new LeaseGrantedNotice(b.Mac, b.ClientKey, _policy.Name, b.Address,
                b.ExpiresAt - b.At, b.ExpiresAt, b.At),
            AddressReleased r when MacOf(r.ClientKey) is { } mac =>
                new LeaseReleasedNotice(mac, r.ClientKey, _policy.Name, r.Address, r.At),
            ClientReleased { Address: { } a } r when MacOf(r.ClientKey) is { } mac =>
                new LeaseReleasedNotice(mac, r.ClientKey, _policy.Name, a, r.At),
            AddressExpired x when MacOf(x.ClientKey) is { } mac =>
                new LeaseExpiredNotice(mac, x.ClientKey, _policy.Name, x.Address, x.At, x.At),
            AddressDeclined d when MacOf(d.ClientKey) is { } mac =>
                new LeaseDeclinedNotice(mac, d.ClientKey, _policy.Name, d.Address, d.ProbationUntil, d.At),
            _ => null,
        };
        if (notice is not null) Context.System.EventStream.Publish(notice);
    }

    private MacAddress? MacOf(string clientKey) => _clients.Get(clientKey)?.Mac;

    private long SnapshotThreshold =>
        _options.SnapshotEvery + (long)(_options.SnapshotPerStateEntry * (_book.BoundCount + _book.QuarantinedCount + _clients.Count));

    protected override void PostStop()
    {
        // A move is news; every bucket stopping with its node is not.
        var level = CoordinatedShutdown.Get(Context.System).ShutdownReason is null ? LogLevel.InfoLevel : LogLevel.DebugLevel;
        _log.Log(level, $"bucket {_policy.Name}|{_bucket} stopped at event {LastSequenceNr}"
                        + (_inFlight is null ? "" : $" ({_inFlight.Events.Count} events still being written)"));
        base.PostStop();
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _options.Journal?.CountFailure();
        FailWaiting(cause);
        base.OnPersistFailure(cause, @event, sequenceNr); // logs and stops: recovery rebuilds the durable state
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _options.Journal?.CountRejection();
        FailWaiting(cause);
        base.OnPersistRejected(cause, @event, sequenceNr);
        Context.Stop(Self); // the state holds an event the journal refused: rebuild from the journal
    }

    private void FailWaiting(Exception cause)
    {
        foreach (var batch in new[] { _inFlight, _next })
        {
            if (batch is null || batch.Cancelled) continue;
            batch.Cancelled = true;
            foreach (var (to, _, onFailure) in batch.Replies)
                if (onFailure is not null) to.Tell(onFailure, Self);
        }
        foreach (var p in _parked) p.ReplyTo.Tell(Abandoned(p, "journal write failed"));
        _parked.Clear();
        _log.Error(cause, "bucket {0}|{1}: journal write failed; {2} waiting requests answered without a grant", _policy.Name,
            _bucket, (_inFlight?.Replies.Count ?? 0) + _next.Replies.Count);
    }
}
