using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Pools;

/// <summary>
/// One client of one pool (sharded by <c>Pool|ClientKey</c>): the client's front door and its durable record —
/// binding, expiry, renewal count, bounded history. Requests go on to the PoolEntity, which decides and makes each
/// grant durable in its own journal before answering; this entity relays the answer and then records it.
///
/// Why this entity's write is off the critical path (it is sent the reply first, then PersistAsync): the pool's
/// AddressBound event is the durable grant. If the record write is lost (crash between the two), the pool still holds
/// the binding: the client's next request reaches the pool, which answers from its binding, and the record is written
/// then. What the record alone decides is soft: which previous address to ask for first. Waiting for a second write
/// here would double the journal round trips per ACK for no safety gain.
/// </summary>
public sealed class LeaseEntity : UntypedPersistentActor
{
    private sealed record Pending(IActorRef ReplyTo, object Request, DateTimeOffset SentAt);

    private readonly string _pool;
    private readonly string _clientKey;
    private readonly IActorRef _poolRegion;
    private readonly LeaseEntityOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<long, Pending> _pending = new();
    private LeaseRecord _record = LeaseRecord.Empty;
    private long _nextToken;
    private int _eventsSinceSnapshot;

    public LeaseEntity(string pool, string clientKey, IActorRef poolRegion, LeaseEntityOptions? options = null)
    {
        _pool = pool;
        _clientKey = clientKey;
        _poolRegion = poolRegion;
        _options = options ?? LeaseEntityOptions.Default;
    }

    public static Props Props(string pool, string clientKey, IActorRef poolRegion, LeaseEntityOptions? options = null) =>
        Akka.Actor.Props.Create(() => new LeaseEntity(pool, clientKey, poolRegion, options));

    public static string EntityIdFor(string pool, string clientKey) => pool + "|" + clientKey;

    public static string PersistenceIdFor(string pool, string clientKey) => "lease-" + EntityIdFor(pool, clientKey);

    public override string PersistenceId => PersistenceIdFor(_pool, _clientKey);

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: LeaseRecord r }:
                _record = r;
                break;
            case ILeaseEvent e:
                _record = _record.Apply(e);
                _eventsSinceSnapshot++;
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case LeaseRequest r:
                OnLeaseRequest(r);
                break;
            case PoolDecision d:
                OnDecision(d);
                break;
            case ReleaseClientLease r:
                Send(r, new PoolReleaseClient(_pool, _clientKey, 0));
                break;
            case ConfirmExpiry x:
                OnConfirmExpiry(x);
                break;
            case GetClientLease:
                Sender.Tell(new ClientLeaseRecord(_pool, _clientKey, _record.Mac, _record.Address, _record.ExpiresAt,
                    _record.Renewals, _record.LastAddress, _record.History));
                break;
            case SaveSnapshotSuccess ok:
                DeleteSnapshots(new SnapshotSelectionCriteria(ok.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure or DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnLeaseRequest(LeaseRequest r)
    {
        if (r.Method == DhcpMethod.Inform)
        {
            // INFORM: the client configured its own address; it only wants options. No pool state involved.
            Sender.Tell(new LeaseReply(r.CorrelationId, LeaseOutcome.Ack, r.ClientAddress, TimeSpan.Zero, null, null));
            return;
        }
        Send(r, new PoolCommand(_pool, _clientKey, r.Mac, r.Method, r.RequestedAddress, r.ClientAddress,
            r.ClientHostname, _record.Address ?? _record.LastAddress, 0));
    }

    private void Send(object request, object command)
    {
        var now = _options.Clock();
        foreach (var stale in _pending.Where(p => now - p.Value.SentAt > _options.PendingTimeout).Select(p => p.Key).ToList())
            _pending.Remove(stale);
        var token = ++_nextToken;
        _pending[token] = new Pending(Sender, request, now);
        _poolRegion.Tell(command switch
        {
            PoolCommand c => c with { Token = token },
            PoolReleaseClient c => c with { Token = token },
            _ => throw new ArgumentException(command.GetType().Name),
        });
    }

    private void OnDecision(PoolDecision d)
    {
        if (!_pending.Remove(d.Token, out var p)) return;
        // Reply first: the pool's event behind an Ack is already durable (see the class comment).
        switch (p.Request)
        {
            case LeaseRequest r:
                p.ReplyTo.Tell(new LeaseReply(r.CorrelationId, d.Outcome, d.Address, d.LeaseTime, d.Hostname, d.Reason));
                break;
            case ReleaseClientLease:
                p.ReplyTo.Tell(new ClientLeaseReleased(_pool, _clientKey, d.Change == BindingChange.Released ? d.Address : null));
                break;
        }
        var now = _options.Clock();
        var mac = (p.Request as LeaseRequest)?.Mac ?? _record.Mac ?? default;
        ILeaseEvent? e = d.Change switch
        {
            BindingChange.Bound when d.ExpiresAt is { } exp => new LeaseGranted(d.Address, mac, now, exp, d.Hostname, d.Renewals),
            BindingChange.Released => new LeaseEnded(d.Address, p.Request is ReleaseClientLease ? "released-by-operator" : "released", now),
            BindingChange.Declined => new LeaseEnded(d.Address, "declined", now),
            BindingChange.Blocked => new LeaseEnded(d.Address, "blocked", now),
            _ => null,
        };
        if (e is not null) Remember(e);
    }

    /// <summary>The pool wants to reclaim an expired address. Not while a request of this client is on its way to the
    /// pool: that may be the renewal that keeps it.</summary>
    private void OnConfirmExpiry(ConfirmExpiry x)
    {
        var inFlight = _pending.Values.Any(p => p.Request is LeaseRequest);
        Sender.Tell(new ExpiryConfirmation(_pool, _clientKey, x.Address, !inFlight));
        if (!inFlight && _record.Address == x.Address) Remember(new LeaseEnded(x.Address, "expired", _options.Clock()));
    }

    private void Remember(ILeaseEvent e) =>
        PersistAsync(e, ev =>
        {
            _record = _record.Apply(ev);
            if (++_eventsSinceSnapshot >= _options.SnapshotEvery)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_record);
            }
        });

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The pool's journal already holds the fact; this record catches up at the client's next request.
        _log.Warning("lease {0}: record write failed ({1}); the pool's binding stands", PersistenceId, cause.Message);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }
}
