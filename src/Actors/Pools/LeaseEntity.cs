using Akka.Actor;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Pools;

/// <summary>
/// One client of one pool (sharded by <c>Pool|ClientKey</c>): the client's front door. It relays the client's requests
/// to the PoolEntity, answers with the pool's decision, and tells the pool whether an expiry may be reclaimed (not while
/// a request of this client is on its way there).
///
/// Why it holds no journal of its own: the client's record — binding, expiry, renewal count, history — is derived from
/// the pool's events (ClientBook) and made durable by the pool's batched writes and snapshots. A persistent entity per
/// client cost every new client a recovery (journal queries) before its first answer, and a second write per ACK; at
/// first contact that capped the server at a few hundred DORAs/s on SQLite (bench/PoolThroughput). Starting this
/// entity costs nothing but the actor, so sharding may passivate it freely.
/// </summary>
public sealed class LeaseEntity : UntypedActor
{
    private sealed record Pending(IActorRef ReplyTo, object Request, DateTimeOffset SentAt);

    /// <summary>Builds the entity without reflection or expression trees: one is created per client contact (entities
    /// passivate between a client's renewals), so its start-up cost is paid on the hot path.</summary>
    private sealed class Producer(string pool, string clientKey, IActorRef poolRegion, LeaseEntityOptions? options)
        : IIndirectActorProducer
    {
        public Type ActorType => typeof(LeaseEntity);
        public ActorBase Produce() => new LeaseEntity(pool, clientKey, poolRegion, options);
        public void Release(ActorBase actor) { }
    }

    private readonly string _pool;
    private readonly string _clientKey;
    private readonly IActorRef _poolRegion;
    private readonly LeaseEntityOptions _options;
    private readonly Dictionary<long, Pending> _pending = new();
    private long _nextToken;

    public LeaseEntity(string pool, string clientKey, IActorRef poolRegion, LeaseEntityOptions? options = null)
    {
        _pool = pool;
        _clientKey = clientKey;
        _poolRegion = poolRegion;
        _options = options ?? LeaseEntityOptions.Default;
    }

    public static Props Props(string pool, string clientKey, IActorRef poolRegion, LeaseEntityOptions? options = null) =>
        Akka.Actor.Props.CreateBy(new Producer(pool, clientKey, poolRegion, options));

    public static string EntityIdFor(string pool, string clientKey) => pool + "|" + clientKey;

    protected override void OnReceive(object message)
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
                // The pool holds the record; it answers the asker directly.
                _poolRegion.Forward(new PoolGetClient(_pool, _clientKey));
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
        // Preferred stays null: the pool knows the client's previous address from its own records.
        Send(r, new PoolCommand(_pool, _clientKey, r.Mac, r.Method, r.RequestedAddress, r.ClientAddress,
            r.ClientHostname, null, 0));
    }

    private void Send(object request, object command)
    {
        var now = _options.Clock();
        if (_pending.Count > 0)
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
        // The pool sends a decision only once the events behind it are durable.
        switch (p.Request)
        {
            case LeaseRequest r:
                p.ReplyTo.Tell(new LeaseReply(r.CorrelationId, d.Outcome, d.Address, d.LeaseTime, d.Hostname, d.Reason));
                break;
            case ReleaseClientLease:
                p.ReplyTo.Tell(new ClientLeaseReleased(_pool, _clientKey, d.Change == BindingChange.Released ? d.Address : null));
                break;
        }
    }

    /// <summary>The pool wants to reclaim an expired address. Not while a request of this client is on its way to the
    /// pool: that may be the renewal that keeps it.</summary>
    private void OnConfirmExpiry(ConfirmExpiry x)
    {
        var inFlight = _pending.Values.Any(p => p.Request is LeaseRequest);
        Sender.Tell(new ExpiryConfirmation(_pool, _clientKey, x.Address, !inFlight));
    }
}
