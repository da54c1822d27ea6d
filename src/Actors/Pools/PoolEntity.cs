using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Webhook;

namespace StaticDhcpd.Actors.Pools;

/// <summary>Wakes a pool entity (sent periodically by PoolSharding so expiry runs without remembered entities).</summary>
public sealed record WakePool(string Pool) : Serialization.IClusterMessage;

/// <summary>
/// One pool's address space, event-sourced; the single writer of address ownership (sharded by pool name).
///
/// Write path, group commit: a request is decided against the current state at once and its events are applied
/// immediately (so the next request in the same batch cannot get the same address), but its reply waits in a batch.
/// One batch is written at a time with PersistAllAsync: everything that arrives while a write is in flight forms the
/// next batch, so under load one journal round trip carries many grants. Replies of a batch are sent only after the
/// whole batch is durable (DeferAsync runs after its events). If the journal fails or rejects a write, every waiting
/// request is answered Silent and the entity stops; it recovers from the journal, i.e. without the unwritten events,
/// so no ACK ever depends on a write that did not happen. Offers and NAKs need no write and are answered at once.
///
/// The pool also keeps every client's record (ClientBook: binding, renewals, bounded history), derived from the same
/// events, so a client's first contact costs no journal read and its grant is one event in one batched write.
///
/// Snapshots: after SnapshotEvery events plus SnapshotPerStateEntry per entry of state (bindings, quarantines, client
/// records), so a snapshot's cost is paid over a proportional number of events and recovery reads one snapshot and
/// at most about that many events.
///
/// Expiry is driven here, not by remembered entities: the book knows when each binding falls due; the pool asks the
/// client's lease entity to confirm (a renewal may be on its way) and reclaims after confirmation or a timeout —
/// safe because only this entity can extend a binding, so the lease entity can never hold a later expiry than ours.
/// </summary>
public sealed class PoolEntity : UntypedPersistentActor, IWithTimers
{
    private sealed class Batch
    {
        public readonly List<IPoolEvent> Events = new();
        // OnFailure null: nothing is sent when the write fails (a query; the asker times out).
        public readonly List<(IActorRef To, object Reply, object? OnFailure)> Replies = new();
        public bool Cancelled;
    }

    private sealed record Sweep
    {
        public static readonly Sweep Instance = new();
    }

    private sealed record FlushDue
    {
        public static readonly FlushDue Instance = new();
    }

    private readonly PoolPolicy _policy;
    private readonly IActorRef _leaseRegion;
    private readonly PoolEntityOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Ipv4Address, (DateTimeOffset? AskedAt, int Deferrals)> _expiryAsks = new();
    private AddressBook _book;
    private ClientBook _clients = new();
    private DateTimeOffset _lastForget;
    private Batch _next = new();
    private Batch? _inFlight;
    private long _lastWriteStarted; // Stopwatch timestamp: the pacing below needs real time, whatever Clock says
    private bool _flushDue;
    private int _eventsSinceSnapshot;
    private bool _snapshotPending;
    private long _exhausted;
    private DateTimeOffset _lastExhaustedWarning = DateTimeOffset.MinValue;

    public PoolEntity(PoolPolicy policy, IActorRef leaseRegion, PoolEntityOptions? options = null)
    {
        _policy = policy;
        _leaseRegion = leaseRegion;
        _options = options ?? PoolEntityOptions.Default;
        _book = new AddressBook(policy.Addresses);
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
            case SnapshotOffer { Snapshot: PoolSnapshot s }:
                _book = AddressBook.FromSnapshot(_policy.Addresses, s);
                _clients = ClientBook.FromSnapshot(s);
                break;
            case IPoolEvent e:
                _clients.Apply(e);
                _book.Apply(e);
                _eventsSinceSnapshot++;
                break;
            case RecoveryCompleted:
                _lastForget = Now;
                Timers.StartPeriodicTimer("sweep", Sweep.Instance, _options.SweepInterval);
                _log.Info("pool {0} recovered: {1} bound, {2} free of {3}", _policy.Name, _book.BoundCount, _book.FreeCount, _book.Total);
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case GetPoolStatus:
                Sender.Tell(_book.Status(_policy.Name, _exhausted));
                return;
            case GetLeases:
                Sender.Tell(new PoolLeases(_policy.Name, _book.Leases()));
                return;
            case WakePool:
                return;
            case FlushDue:
                _flushDue = false;
                Flush();
                return;
            case PoolGetClient g:
                // As of the journal: an optimistic grant still being written is not shown until it is durable.
                var bound = _book.BoundAddressOf(g.ClientKey);
                ReplyWhenDurable(Sender, _clients.View(_policy.Name, g.ClientKey, bound, bound is { } b ? _book.BindingAt(b) : null));
                return;
            case SaveSnapshotSuccess ok:
                DeleteSnapshots(new SnapshotSelectionCriteria(ok.Metadata.SequenceNr - 1));
                return;
            case SaveSnapshotFailure f:
                _log.Warning("pool {0}: snapshot failed: {1}", _policy.Name, f.Cause.Message);
                return;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                return;
        }

        // While a snapshot waits for the state to be fully durable, nothing may change it.
        if (_snapshotPending)
        {
            Stash.Stash();
            return;
        }

        switch (message)
        {
            case PoolCommand c:
                OnPoolCommand(c);
                break;
            case PoolReleaseClient r:
                Submit(PoolDecider.ReleaseClient(_book, r.ClientKey, Now), r.Token);
                break;
            case MarkInUse m:
                OnMarkInUse(m);
                break;
            case ExpiryConfirmation x:
                OnExpiryConfirmation(x);
                break;
            case Sweep:
                OnSweep();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnPoolCommand(PoolCommand c)
    {
        var now = Now;
        if (c.Preferred is null && _clients.PreferredAddress(c.ClientKey) is { } previous) c = c with { Preferred = previous };
        var v = PoolDecider.Decide(_book, _policy, c, now);
        if (v.HoldOffer) _book.HoldOffer(v.Address, c.ClientKey, c.Mac, now + _policy.OfferHold);
        if (v.Exhausted)
        {
            _exhausted++;
            if (now - _lastExhaustedWarning >= _options.ExhaustedWarningInterval)
            {
                _lastExhaustedWarning = now;
                _log.Warning("pool {0} exhausted: no free address for {1} ({2} requests refused so far)", _policy.Name, c.ClientKey, _exhausted);
            }
        }
        Submit(v, c.Token);
    }

    private void Submit(PoolVerdict v, long token)
    {
        var decision = new PoolDecision(token, v.Outcome, v.Address,
            v.Outcome is LeaseOutcome.Ack or LeaseOutcome.Offer ? _policy.LeaseTime : TimeSpan.Zero,
            v.ExpiresAt, v.Hostname, v.Reason, v.Change, v.Renewals);
        if (v.Events.Count == 0)
        {
            Sender.Tell(decision);
            return;
        }
        var failed = decision with
        {
            Outcome = LeaseOutcome.Silent, LeaseTime = TimeSpan.Zero, ExpiresAt = null, Change = BindingChange.None,
            Reason = "journal write failed",
        };
        Enqueue(v.Events, Sender, decision, failed);
    }

    private void OnMarkInUse(MarkInUse m)
    {
        var q = _book.QuarantineAt(m.Address);
        if (!_book.IsFree(m.Address) && q is not { Kind: AddressState.InUse })
        {
            Sender.Tell(new MarkedInUse(_policy.Name, m.Address, false));
            return;
        }
        var now = Now;
        Enqueue([new AddressSeenInUse(m.Address, m.Mac, now, now + _policy.DeclineProbation)], Sender,
            new MarkedInUse(_policy.Name, m.Address, true), new MarkedInUse(_policy.Name, m.Address, false));
    }

    private void OnSweep()
    {
        var now = Now;
        _book.ReturnLapsedOffers(now);
        if (now - _lastForget >= _options.ForgetScanInterval)
        {
            _lastForget = now;
            var forgotten = _clients.Forget(now - _options.ForgetClientsAfter);
            if (forgotten > 0) _log.Info("pool {0}: forgot {1} client records idle since {2:u}", _policy.Name, forgotten, now - _options.ForgetClientsAfter);
        }
        foreach (var (address, binding) in _book.TakeDue(now))
        {
            _expiryAsks.TryGetValue(address, out var ask);
            if (ask.AskedAt is { } asked)
            {
                if (now - asked < _options.ExpiryConfirmTimeout) continue; // still waiting; its recheck is queued
                _log.Warning("pool {0}: no expiry confirmation from {1} for {2}; reclaiming", _policy.Name, binding.ClientKey, address);
                Reclaim(address, binding.ClientKey, now);
                continue;
            }
            _expiryAsks[address] = (now, ask.Deferrals);
            _leaseRegion.Tell(new ConfirmExpiry(_policy.Name, binding.ClientKey, address, binding.ExpiresAt));
            _book.RecheckAt(address, now + _options.ExpiryConfirmTimeout);
        }
    }

    private void OnExpiryConfirmation(ExpiryConfirmation x)
    {
        var now = Now;
        var binding = _book.BindingAt(x.Address);
        if (binding is null || binding.ClientKey != x.ClientKey || binding.ExpiresAt > now)
        {
            _expiryAsks.Remove(x.Address); // renewed, released or reclaimed meanwhile
            return;
        }
        _expiryAsks.TryGetValue(x.Address, out var ask);
        if (!x.Confirmed && ask.Deferrals < _options.MaxExpiryDeferrals)
        {
            // A request of this client is on its way here: look again at the next sweep.
            _expiryAsks[x.Address] = (null, ask.Deferrals + 1);
            _book.RecheckAt(x.Address, now);
            return;
        }
        Reclaim(x.Address, x.ClientKey, now);
    }

    private void Reclaim(Ipv4Address address, string clientKey, DateTimeOffset now)
    {
        _expiryAsks.Remove(address);
        Enqueue([new AddressExpired(address, clientKey, now)], ActorRefs.Nobody, null, null);
    }

    // ---- group commit ----

    private void Enqueue(IReadOnlyList<IPoolEvent> events, IActorRef replyTo, object? reply, object? onFailure)
    {
        foreach (var e in events)
        {
            // Optimistic: the write below makes it true, or the entity stops and recovers without it.
            _clients.Apply(e);
            _book.Apply(e);
            _next.Events.Add(e);
        }
        if (reply is not null) _next.Replies.Add((replyTo, reply, onFailure ?? reply));
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
        foreach (var (to, reply, _) in batch.Replies) to.Tell(reply, Self);
        foreach (var e in batch.Events) Announce(e);
        _eventsSinceSnapshot += batch.Events.Count;

        if (_eventsSinceSnapshot >= SnapshotThreshold) _snapshotPending = true;
        if (_snapshotPending && _next.Events.Count == 0)
        {
            // Nothing applied but not yet written: the state is exactly the journal's.
            SaveSnapshot(_book.ToSnapshot() with { Clients = _clients.ToSnapshot() });
            _eventsSinceSnapshot = 0;
            _snapshotPending = false;
            Stash.UnstashAll();
            return;
        }
        Flush();
    }

    /// <summary>Durable lease changes for the webhook (the node's notifier filters by its configured events). Only
    /// live writes announce, never recovery; a renewal is not news, a new binding is.</summary>
    private void Announce(IPoolEvent e)
    {
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
            _ => null,
        };
        if (notice is not null) Context.System.EventStream.Publish(notice);
    }

    private MacAddress? MacOf(string clientKey) => _clients.Get(clientKey)?.Mac;

    private long SnapshotThreshold =>
        _options.SnapshotEvery + (long)(_options.SnapshotPerStateEntry * (_book.BoundCount + _book.QuarantinedCount + _clients.Count));

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        FailWaiting(cause);
        base.OnPersistFailure(cause, @event, sequenceNr); // logs and stops: recovery rebuilds the durable state
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
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
        _log.Error(cause, "pool {0}: journal write failed; {1} waiting requests answered without a grant", _policy.Name,
            (_inFlight?.Replies.Count ?? 0) + _next.Replies.Count);
    }
}
