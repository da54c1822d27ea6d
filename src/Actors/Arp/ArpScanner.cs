using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Arp;

/// <summary>
/// ARP on one served interface: pools' scans, each paced by its <see cref="ArpScanSchedule"/>, and conflict-check
/// probes, sent at once. Replies arrive on the capture thread and are matched here to every running scan and waiting
/// probe of the address. Ticks every 10 ms only while there is something to send or wait for.
/// </summary>
public sealed class ArpScanner : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan TickEvery = TimeSpan.FromMilliseconds(10);

    private readonly string _interface;
    private readonly MacAddress _ownMac;
    private readonly ILinkDevice _device;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, Run> _runs = new();
    private readonly Dictionary<Ipv4Address, List<WaitingProbe>> _probes = new();
    private bool _ticking;

    public ArpScanner(string interfaceName, MacAddress ownMac, ILinkDevice device)
    {
        _interface = interfaceName;
        _ownMac = ownMac;
        _device = device;
        Receive<ScanAddresses>(OnScan);
        Receive<QueryScan>(q => Sender.Tell(_runs.TryGetValue(q.Pool, out var run)
            ? run.Progress(q.Pool, _interface)
            : new PoolScanProgress(q.Pool, PoolScanState.Idle, q.Addresses.Count, 0, 0, null, null, _interface, null)));
        Receive<CancelScan>(OnCancel);
        Receive<ProbeAddress>(OnProbe);
        Receive<ReplySeen>(OnReply);
        Receive<Tick>(_ => OnTick());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string interfaceName, MacAddress ownMac, ILinkDevice device) =>
        Akka.Actor.Props.Create(() => new ArpScanner(interfaceName, ownMac, device));

    protected override void PreStart()
    {
        var self = Self;
        // Parsed on the capture thread: the actor sees only what it matches.
        _device.OnArpReply(frame =>
        {
            if (ArpFrames.TryReadReply(frame, out var address, out var mac)) self.Tell(new ReplySeen(address, mac));
        });
    }

    private void OnScan(ScanAddresses s)
    {
        if (_runs.TryGetValue(s.Pool, out var running) && running.State == PoolScanState.Running)
        {
            Sender.Tell(running.Progress(s.Pool, _interface));
            return;
        }
        var run = new Run(new ArpScanSchedule(s.Addresses, s.Settings, _clock.Elapsed), s.ReportTo, DateTimeOffset.UtcNow);
        _runs[s.Pool] = run;
        _log.Info("ARP scan of pool {0} on {1}: {2} addresses at {3}/s, {4} retries after {5}", s.Pool, _interface,
            s.Addresses.Count, s.Settings.Rate, s.Settings.Retries, s.Settings.Timeout);
        Sender.Tell(run.Progress(s.Pool, _interface));
        OnTick(); // the first requests now, not a tick later
    }

    private void OnCancel(CancelScan c)
    {
        if (!_runs.TryGetValue(c.Pool, out var run) || run.State != PoolScanState.Running) return;
        run.End(PoolScanState.Cancelled);
        _log.Info("ARP scan of pool {0} on {1} cancelled after {2} of {3} addresses", c.Pool, _interface,
            run.Schedule.Probed, run.Schedule.Total);
    }

    private void OnProbe(ProbeAddress p)
    {
        if (!TrySend(p.Address))
        {
            Sender.Tell(new ProbeResult(p.Id, p.Address, null));
            return;
        }
        if (!_probes.TryGetValue(p.Address, out var waiting)) _probes[p.Address] = waiting = [];
        waiting.Add(new WaitingProbe(p.Id, Sender, _clock.Elapsed + p.Timeout));
        StartTicking();
    }

    private void OnReply(ReplySeen r)
    {
        foreach (var (pool, run) in _runs)
            if (run.State == PoolScanState.Running && run.Schedule.Answer(r.Address))
                run.ReportTo.Tell(new ArpAnswered(pool, r.Address, r.Mac));
        if (_probes.Remove(r.Address, out var waiting))
            foreach (var w in waiting) w.ReplyTo.Tell(new ProbeResult(w.Id, r.Address, r.Mac));
    }

    private void OnTick()
    {
        var now = _clock.Elapsed;
        foreach (var (pool, run) in _runs)
        {
            if (run.State != PoolScanState.Running) continue;
            foreach (var address in run.Schedule.Due(now))
                if (!TrySend(address) && run.SendFailures++ == 0)
                    _log.Warning("ARP scan of pool {0}: requests on {1} are failing; the scan goes on", pool, _interface);
            if (!run.Schedule.IsDone) continue;
            run.End(PoolScanState.Finished);
            run.ReportTo.Tell(new ArpScanDone(pool, run.Schedule.Probed, run.Schedule.Answered));
        }
        foreach (var (address, waiting) in _probes.ToList())
        {
            foreach (var w in waiting.Where(w => w.Deadline <= now)) w.ReplyTo.Tell(new ProbeResult(w.Id, address, null));
            if (waiting.RemoveAll(w => w.Deadline <= now) > 0 && waiting.Count == 0) _probes.Remove(address);
        }
        if (_probes.Count > 0 || _runs.Values.Any(r => r.State == PoolScanState.Running)) StartTicking();
        else if (_ticking)
        {
            Timers.Cancel(Tick.Instance);
            _ticking = false;
        }
    }

    private bool TrySend(Ipv4Address address)
    {
        try
        {
            _device.Send(ArpFrames.Probe(_ownMac, address));
            return true;
        }
        catch (Exception e) when (e is SharpPcap.PcapException or InvalidOperationException)
        {
            _log.Debug("ARP request for {0} on {1} failed: {2}", address, _interface, e.Message);
            return false;
        }
    }

    private void StartTicking()
    {
        if (_ticking) return;
        Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, TickEvery);
        _ticking = true;
    }

    private sealed record ReplySeen(Ipv4Address Address, MacAddress Mac);

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record WaitingProbe(long Id, IActorRef ReplyTo, TimeSpan Deadline);

    private sealed class Run(ArpScanSchedule schedule, IActorRef reportTo, DateTimeOffset startedAt)
    {
        public ArpScanSchedule Schedule { get; } = schedule;
        public IActorRef ReportTo { get; } = reportTo;
        public PoolScanState State { get; private set; } = PoolScanState.Running;
        public DateTimeOffset? FinishedAt { get; private set; }
        public int SendFailures { get; set; }

        public void End(PoolScanState state)
        {
            State = state;
            FinishedAt = DateTimeOffset.UtcNow;
        }

        public PoolScanProgress Progress(string pool, string iface) => new(pool, State, Schedule.Total, Schedule.Probed,
            Schedule.Answered, startedAt, FinishedAt, iface, null);
    }
}
