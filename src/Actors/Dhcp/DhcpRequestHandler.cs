using Akka.Actor;
using Akka.Event;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Static;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Messages.Webhook;

namespace StaticDhcpd.Actors.Dhcp;

/// <summary>Where unknown clients' leases come from. Absent = no pools: unknown clients get staticDHCPd's treatment.</summary>
public sealed record PoolRouting(PoolSelector Selector, IActorRef LeaseRegion);

/// <summary>
/// The decision path for one node, one stage per call, top to bottom: ingress policy, abuse guard, classification,
/// responsibility (does this cluster member answer it?), static lookup, then either the static answer or, for an
/// unknown client on a pooled network, its bucket's lease entity's decision (wherever in the cluster it lives); then
/// the reply, sent through the receiving socket's sender. It never blocks: the static lookup reads the directory's cached
/// answers in place or is a Tell, the lease request is a Tell, and their tokens carry the request back.
/// </summary>
public sealed class DhcpRequestHandler : ReceiveActor, IWithTimers
{
    private sealed record Pending(DhcpPacket Request, Ingress Ingress, DhcpMethod Method, IReplySender Replies);
    private sealed record PruneAbuseTable;
    private sealed record InFlight(Pending Pending, PoolSettings Pool, DateTime SentAt);
    private sealed record SweepInFlight;

    /// <summary>A lease answer later than this is useless: the client has retransmitted (RFC 2131 §4.1: 4 s first).</summary>
    private static readonly TimeSpan PoolAnswerTimeout = TimeSpan.FromSeconds(4);

    private readonly DhcpSettings _settings;
    private readonly Ipv4Address _serverId;
    private readonly IActorRef _staticDirectory;
    private readonly StaticAnswers _staticAnswers;
    private readonly DhcpCounters _counters;
    private readonly AbuseGuard _guard;
    private readonly PoolRouting? _pools;
    private readonly BucketTableHolder _buckets;
    private readonly Func<DateTime> _utcNow;
    private readonly Dictionary<long, InFlight> _inFlight = new();
    private long _nextCorrelationId;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ITimerScheduler Timers { get; set; } = null!;

    public DhcpRequestHandler(DhcpSettings settings, Ipv4Address serverId, IActorRef staticDirectory,
        StaticAnswers staticAnswers, DhcpCounters counters, Func<DateTime> utcNow, PoolRouting? pools, BucketTableHolder buckets)
    {
        _staticAnswers = staticAnswers;
        _buckets = buckets;
        _settings = settings;
        _serverId = serverId;
        _staticDirectory = staticDirectory;
        _counters = counters;
        _guard = new AbuseGuard(settings, utcNow);
        _utcNow = utcNow;
        _pools = pools is { Selector.IsEmpty: false } ? pools : null;
        Receive<DhcpRequestReceived>(OnRequest);
        Receive<StaticLookupResult>(OnLookup);
        Receive<LeaseReply>(OnLeaseReply);
        Receive<ClientLeaseReleased>(r =>
        {
            if (r.Address is { } a) _log.Info("released dynamic lease {0} of {1} in pool {2}", a, r.ClientKey, r.Pool);
        });
        Receive<SweepInFlight>(_ => SweepLateAnswers());
        Receive<FlushStaticCache>(f =>
        {
            _guard.ClearBlocklist();
            _staticDirectory.Forward(f);
        });
        Receive<PruneAbuseTable>(_ => _guard.Prune());
    }

    /// <param name="buckets">Which buckets this cluster member answers for; null = a node alone, which answers all.</param>
    /// <param name="staticAnswers">The directory's cached answers, read here first; null: every lookup asks the directory.</param>
    public static Props Props(DhcpSettings settings, Ipv4Address serverId, IActorRef staticDirectory,
        DhcpCounters counters, Func<DateTime>? utcNow = null, PoolRouting? pools = null, BucketTableHolder? buckets = null,
        StaticAnswers? staticAnswers = null) =>
        Akka.Actor.Props.Create(() => new DhcpRequestHandler(settings, serverId, staticDirectory, staticAnswers ?? new StaticAnswers(),
            counters, utcNow ?? (() => DateTime.UtcNow), pools, buckets ?? new BucketTableHolder(BucketTable.Solo)));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("prune", new PruneAbuseTable(), TimeSpan.FromSeconds(30));
        if (_pools is not null) Timers.StartPeriodicTimer("sweep", new SweepInFlight(), TimeSpan.FromSeconds(1));
    }

    private void OnRequest(DhcpRequestReceived r)
    {
        var p = r.Packet;
        var mac = p.ClientMac;
        var refusal = IngressPolicy.Refusal(p, _settings);
        if (refusal is not null)
        {
            _counters.CountRefusedByPolicy();
            _log.Debug("dropped {0} from {1}: {2}", p.MessageType, mac, refusal);
            return;
        }
        if (!Responsible(p, r.Ingress)) return;
        switch (_guard.Admit(mac))
        {
            case AbuseGuard.Verdict.Ignored:
                _counters.CountIgnored();
                return;
            case AbuseGuard.Verdict.Suspended:
                _counters.CountSuspended();
                _log.Warning("{0} exceeded suspend-threshold ({1} packets/s); ignored for {2}",
                    mac, _settings.SuspendThreshold, _settings.MisbehavingClientTimeout);
                return;
        }
        var c = RequestClassifier.Classify(p, r.Ingress);
        if (c.Method is not { } method)
        {
            _counters.CountInvalid();
            _guard.Blocklist(mac);
            _log.Info("blocklisted {0} for {1}: {2}", mac, _settings.UnauthorizedClientTimeout, c.Problem);
            return;
        }
        _counters.CountMethod(method);
        if (method == DhcpMethod.LeaseQuery) return; // not supported, as the original since 1.6.3
        var pending = new Pending(p, r.Ingress, method, r.Replies);
        // A client the directory has cached (known, or known to be unknown) is decided here and now.
        if (_staticAnswers.TryAnswer(mac, out var cached)) OnLookup(new StaticLookupResult(mac, cached, false, pending));
        else _staticDirectory.Tell(new StaticLookup(mac, pending));
    }

    /// <summary>Exactly one cluster member answers each request: the server the client selected, else the one it was
    /// sent to, else (a broadcast every member saw) the member owning the client's bucket. Static clients too. First
    /// after the ingress policy: every member sees every broadcast, and the others' share should cost as little as
    /// possible (no abuse accounting, no classification; the member that answers does those).</summary>
    private bool Responsible(DhcpPacket p, Ingress ingress)
    {
        var bucket = Buckets.OfClient(p.Options.ClientIdentifier, p.ClientMac);
        var table = _buckets.Current;
        var query = new ResponsibilityQuery(ingress.WasBroadcast, p.Options.ServerIdentifier, _serverId, bucket);
        var verdict = ResponsibilityFilter.Decide(query, table);
        if (verdict.Answers) return true;
        _counters.CountLeftToPeer();
        if (_log.IsDebugEnabled) _log.Debug("{0} {1}: left to another member, {2}", p.MessageType, p.ClientMac, verdict.Describe(query, table));
        return false;
    }

    private void OnLookup(StaticLookupResult res)
    {
        if (res.Token is not Pending pending) return;
        var p = pending.Request;
        DhcpDecision decision;
        if (res.Definition is { } def)
        {
            ReleaseDynamicLease(p, pending.Method, def.Ip);
            decision = StaticResponder.Decide(p, pending.Method, def, _settings, _serverId);
        }
        else if (res.SourceFailed)
        {
            _counters.CountSourceFailure();
            decision = DhcpDecision.Silent("static database unreachable");
        }
        else if (NoteUnknown(p, pending) is { } pool)
        {
            if (PoolResponder.AnswerLocally(p, pending.Method, pool, _serverId) is { } local)
            {
                Apply(local, pending);
                return;
            }
            var id = ++_nextCorrelationId;
            _inFlight[id] = new InFlight(pending, pool, _utcNow());
            _pools!.LeaseRegion.Tell(PoolResponder.Request(p, pending.Method, pool, id));
            return;
        }
        else
            decision = UnknownClientPolicy.Decide(p, pending.Method, _settings, _serverId);
        Apply(decision, pending);
    }

    /// <summary>Tells the webhook (through the event stream; the notifier keeps one notice per MAC per window) that
    /// an unknown client asked for an address, and returns the pool that serves it, if any.</summary>
    private PoolSettings? NoteUnknown(DhcpPacket p, Pending pending)
    {
        var pool = _pools?.Selector.Select(p, pending.Ingress);
        if (pending.Method is DhcpMethod.Discover or DhcpMethod.RequestSelecting or DhcpMethod.RequestInitReboot
            or DhcpMethod.RequestRenew or DhcpMethod.RequestRebind)
            Context.System.EventStream.Publish(new UnknownMacSeen(p.ClientMac, pending.Ingress.InterfaceName,
                p.RelayAddress.IsAny ? null : p.RelayAddress, pool?.Name, p.Options.HostName, new DateTimeOffset(_utcNow())));
        return pool;
    }

    private void OnLeaseReply(LeaseReply reply)
    {
        if (!_inFlight.Remove(reply.CorrelationId, out var f)) return; // already timed out; the client retransmitted
        Apply(PoolResponder.Decide(f.Pending.Request, reply, f.Pool, _serverId), f.Pending);
    }

    private void SweepLateAnswers()
    {
        var cutoff = _utcNow() - PoolAnswerTimeout;
        foreach (var (id, f) in _inFlight)
        {
            if (f.SentAt > cutoff) continue;
            _inFlight.Remove(id);
            _counters.CountPoolTimeout();
        }
    }

    /// <summary>
    /// The registration flow: a client now defined statically that still asserts an address from a pool (renewing
    /// its guest lease) has that lease released, so the address returns to the pool while the static answer NAKs
    /// the renewal and sends the client to DISCOVER, where it gets its static address.
    /// </summary>
    private void ReleaseDynamicLease(DhcpPacket p, DhcpMethod method, Ipv4Address staticIp)
    {
        if (_pools is null) return;
        var asserted = method is DhcpMethod.RequestRenew or DhcpMethod.RequestRebind or DhcpMethod.Release
            ? p.ClientAddress
            : p.Options.RequestedAddress ?? Ipv4Address.Any;
        if (asserted.IsAny || asserted == staticIp || _pools.Selector.Owning(asserted) is not { } pool) return;
        _log.Info("{0} is now defined statically as {1}; releasing its lease on {2} in pool {3}",
            p.ClientMac, staticIp, asserted, pool.Name);
        _pools.LeaseRegion.Tell(new ReleaseClientLease(pool.Name, ClientKey.From(p.Options.ClientIdentifier, p.ClientMac)));
    }

    private void Apply(DhcpDecision decision, Pending pending)
    {
        var request = pending.Request;
        switch (decision)
        {
            case ReplyDecision { Reply: var reply }:
                var destination = ReplyRouting.For(request, reply, _settings.RawL2Replies);
                var payload = DhcpReplyBuilder.EncodeReply(reply, request);
                pending.Replies.Send(new SendDhcpReply(payload, destination, request.ClientMac, reply.MessageType!.Value));
                if (_log.IsDebugEnabled)
                    _log.Debug("{0} {1} → {2} {3} via {4}", pending.Method.ToWireName(), request.ClientMac,
                        reply.MessageType, reply.YourAddress, destination.Path);
                break;
            case SilentDecision s:
                _counters.CountSilent();
                if (s.Blocklist) _guard.Blocklist(request.ClientMac);
                if (pending.Method == DhcpMethod.Decline) _log.Warning("{0}: {1}", request.ClientMac, s.Reason);
                else if (_log.IsDebugEnabled)
                    _log.Debug("{0} {1}: silent, {2}", pending.Method.ToWireName(), request.ClientMac, s.Reason);
                break;
        }
    }
}
