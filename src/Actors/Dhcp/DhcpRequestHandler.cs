using Akka.Actor;
using Akka.Event;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Dhcp;

/// <summary>
/// The decision path for one node: ingress policy, abuse guard, classification, static lookup, reply.
/// It never blocks: the static lookup is a Tell whose token carries the request back.
/// </summary>
public sealed class DhcpRequestHandler : ReceiveActor, IWithTimers
{
    private sealed record Pending(DhcpPacket Request, Ingress Ingress, DhcpMethod Method, IActorRef Socket);
    private sealed record PruneAbuseTable;

    private readonly DhcpSettings _settings;
    private readonly Ipv4Address _serverId;
    private readonly IActorRef _staticDirectory;
    private readonly DhcpCounters _counters;
    private readonly AbuseGuard _guard;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ITimerScheduler Timers { get; set; } = null!;

    public DhcpRequestHandler(DhcpSettings settings, Ipv4Address serverId, IActorRef staticDirectory,
        DhcpCounters counters, Func<DateTime> utcNow)
    {
        _settings = settings;
        _serverId = serverId;
        _staticDirectory = staticDirectory;
        _counters = counters;
        _guard = new AbuseGuard(settings, utcNow);
        Receive<DhcpRequestReceived>(OnRequest);
        Receive<StaticLookupResult>(OnLookup);
        Receive<FlushStaticCache>(f =>
        {
            _guard.ClearBlocklist();
            _staticDirectory.Forward(f);
        });
        Receive<PruneAbuseTable>(_ => _guard.Prune());
    }

    public static Props Props(DhcpSettings settings, Ipv4Address serverId, IActorRef staticDirectory,
        DhcpCounters counters, Func<DateTime>? utcNow = null) =>
        Akka.Actor.Props.Create(() => new DhcpRequestHandler(settings, serverId, staticDirectory, counters,
            utcNow ?? (() => DateTime.UtcNow)));

    protected override void PreStart() =>
        Timers.StartPeriodicTimer("prune", new PruneAbuseTable(), TimeSpan.FromSeconds(30));

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
        _staticDirectory.Tell(new StaticLookup(mac, new Pending(p, r.Ingress, method, Sender)));
    }

    private void OnLookup(StaticLookupResult res)
    {
        if (res.Token is not Pending pending) return;
        var p = pending.Request;
        DhcpDecision decision;
        if (res.Definition is { } def)
            decision = StaticResponder.Decide(p, pending.Method, def, _settings, _serverId);
        else if (res.SourceFailed)
        {
            _counters.CountSourceFailure();
            decision = DhcpDecision.Silent("static database unreachable");
        }
        else
            decision = UnknownClientPolicy.Decide(p, pending.Method, _settings, _serverId);
        Apply(decision, pending);
    }

    private void Apply(DhcpDecision decision, Pending pending)
    {
        var request = pending.Request;
        switch (decision)
        {
            case ReplyDecision { Reply: var reply }:
                var destination = ReplyRouting.For(request, reply, _settings.RawL2Replies);
                var payload = DhcpReplyBuilder.EncodeReply(reply, request);
                pending.Socket.Tell(new SendDhcpReply(payload, destination, request.ClientMac, reply.MessageType!.Value));
                if (_log.IsDebugEnabled)
                    _log.Debug("{0} {1} → {2} {3} via {4}", pending.Method.ToWireName(), request.ClientMac,
                        reply.MessageType, reply.YourAddress, destination.Path);
                break;
            case SilentDecision s:
                _counters.CountSilent();
                if (s.Blocklist) _guard.Blocklist(request.ClientMac);
                if (pending.Method == DhcpMethod.Decline) _log.Error("{0}: {1}", request.ClientMac, s.Reason);
                else if (_log.IsDebugEnabled)
                    _log.Debug("{0} {1}: silent, {2}", pending.Method.ToWireName(), request.ClientMac, s.Reason);
                break;
        }
    }
}
