using System.Diagnostics;
using Akka.Actor;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Bench.PoolThroughput;

public sealed record Run(int FirstClient, int Clients, int Window, TimeSpan Deadline);

public sealed record RunResult(int Acked, int Failed, TimeSpan Elapsed, double[] AckLatenciesMs, IReadOnlyList<Ipv4Address> Addresses, bool TimedOut);

/// <summary>Plays new clients against the lease region the way the request handler will: DISCOVER, then REQUEST
/// (SELECTING) for the offered address. Keeps <see cref="Run.Window"/> clients in flight; every client is new.</summary>
public sealed class Driver : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    private sealed record Timeout;

    private readonly IActorRef _leases;
    private readonly string _pool;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<int, long> _startedAt = new();
    private readonly List<double> _latencies = new();
    private readonly List<Ipv4Address> _addresses = new();
    private Run _run = null!;
    private IActorRef _replyTo = ActorRefs.Nobody;
    private int _next;
    private int _done;
    private int _failed;
    private long _t0;

    public Driver(IActorRef leases, string pool)
    {
        _leases = leases;
        _pool = pool;
        Receive<Run>(r =>
        {
            _run = r;
            _replyTo = Sender;
            _next = r.FirstClient;
            _t0 = _clock.ElapsedTicks;
            Timers.StartSingleTimer("deadline", new Timeout(), r.Deadline);
            for (var i = 0; i < Math.Min(r.Window, r.Clients); i++) StartNext();
        });
        Receive<LeaseReply>(OnReply);
        Receive<Timeout>(_ => Finish(timedOut: true));
    }

    public static MacAddress MacOf(int client) => new((ulong)(0x0a0000000000 + client));

    private LeaseRequest Request(int client, DhcpMethod method, Ipv4Address? requested) =>
        new(_pool, ClientKey.From(null, MacOf(client)), MacOf(client), method, requested, Ipv4Address.Any, null,
            (long)client * 2 + (method == DhcpMethod.Discover ? 0 : 1));

    private void StartNext()
    {
        if (_next >= _run.FirstClient + _run.Clients) return;
        var client = _next++;
        _startedAt[client] = _clock.ElapsedTicks;
        _leases.Tell(Request(client, DhcpMethod.Discover, null));
    }

    private void OnReply(LeaseReply r)
    {
        var client = (int)(r.CorrelationId / 2);
        var isOffer = r.CorrelationId % 2 == 0;
        if (isOffer && r.Outcome == LeaseOutcome.Offer)
        {
            _leases.Tell(Request(client, DhcpMethod.RequestSelecting, r.Address));
            return;
        }
        if (!isOffer && r.Outcome == LeaseOutcome.Ack && _startedAt.Remove(client, out var t))
        {
            _latencies.Add((_clock.ElapsedTicks - t) * 1000.0 / Stopwatch.Frequency);
            _addresses.Add(r.Address);
        }
        else
        {
            _startedAt.Remove(client);
            _failed++;
        }
        if (++_done == _run.Clients) Finish(timedOut: false);
        else StartNext();
    }

    private void Finish(bool timedOut)
    {
        if (_replyTo.IsNobody()) return;
        var elapsed = TimeSpan.FromTicks((long)((_clock.ElapsedTicks - _t0) * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency));
        _replyTo.Tell(new RunResult(_latencies.Count, _failed, elapsed, _latencies.ToArray(), _addresses.ToList(), timedOut));
        _replyTo = ActorRefs.Nobody;
    }
}
