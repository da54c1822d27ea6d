using Akka.Actor;
using Akka.Event;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Messages.Static;

namespace StaticDhcpd.Actors.Static;

/// <summary>
/// The node's view of the static definitions: a cache in front of one <see cref="IStaticDefinitionSource"/> that
/// holds both answers, definitions and "unknown" (so a dynamic client costs one query, not one per packet). Both are
/// dropped by <see cref="FlushStaticCache"/> (SIGHUP), which is how a newly registered MAC is seen. Queries run off
/// the actor thread with bounded concurrency and are coalesced per MAC; a failed query is never cached. When the source fails, clients without a cached entry get <c>SourceFailed</c> (never
/// "unknown"), one error is logged, and the source is probed every RetryInterval until it answers again.
/// </summary>
public sealed class StaticDirectory : ReceiveActor, IWithTimers
{
    private sealed record Waiter(IActorRef ReplyTo, object Token);
    private sealed record LookupDone(MacAddress Mac, int Generation, StaticDefinition? Definition, Exception? Error);
    private sealed record ProbeDone(bool Initial, string? Description, Exception? Error);
    private sealed record ProbeTick;
    private sealed record ReloadDone(IActorRef ReplyTo, int Dropped, int DroppedMisses, Exception? Error);

    private readonly IStaticDefinitionSource _source;
    private readonly StaticSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Definitions and "unknown"s, shared with the request handler. Misses are kept oldest first in _missOrder, which
    // evicts beyond MaxCachedMisses: definitions are bounded by the database, misses only by how many MACs the
    // segments show (or forge).
    private readonly StaticAnswers _answers;
    private int _cachedDefinitions;
    private readonly Queue<MacAddress> _missOrder = new();
    // Every MAC queued or being queried, with everyone waiting for it: the coalescing point.
    private readonly Dictionary<MacAddress, List<Waiter>> _waiting = [];
    private readonly Queue<MacAddress> _queued = new();
    private readonly HashSet<MacAddress> _reportedInvalid = [];
    private int _inFlight;
    // Bumped by a flush: answers to queries started before it are delivered but not cached.
    private int _generation;

    private bool _reachable = true;
    private bool _probing;
    private string? _lastError;
    private DateTimeOffset? _lastFailureUtc;
    private long _sourceLookups, _sourceFailures;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="answers">Where the cached answers are kept for the request handler to read; null: kept here only.</param>
    public static Props Props(IStaticDefinitionSource source, StaticSettings settings, StaticAnswers? answers = null) =>
        Akka.Actor.Props.Create(() => new StaticDirectory(source, settings, answers ?? new StaticAnswers()));

    public StaticDirectory(IStaticDefinitionSource source, StaticSettings settings, StaticAnswers answers)
    {
        _source = source;
        _settings = settings;
        _answers = answers;
        Receive<StaticLookup>(OnLookup);
        Receive<LookupDone>(OnLookupDone);
        Receive<ProbeTick>(_ => StartProbe(initial: false));
        Receive<ProbeDone>(OnProbeDone);
        Receive<FlushStaticCache>(_ => OnFlush());
        Receive<ReloadDone>(OnReloadDone);
        Receive<GetStaticDirectoryStatus>(_ => Sender.Tell(new StaticDirectoryStatus(
            _source.Name, _reachable, _lastError, _lastFailureUtc, _cachedDefinitions, _answers.Lookups + _sourceLookups,
            _answers.Hits, _sourceFailures, _missOrder.Count, _answers.MissHits)));
    }

    protected override void PreStart() => StartProbe(initial: true);

    private void OnLookup(StaticLookup m)
    {
        if (_answers.TryAnswer(m.Mac, out var cached))
        {
            Sender.Tell(new StaticLookupResult(m.Mac, cached, false, m.Token));
            return;
        }
        _sourceLookups++;
        if (_waiting.TryGetValue(m.Mac, out var waiters))
        {
            waiters.Add(new Waiter(Sender, m.Token));
            return;
        }
        if (!_reachable)
        {
            // Fail fast during an outage: the probe, not every packet, finds out when it is over.
            _sourceFailures++;
            Sender.Tell(new StaticLookupResult(m.Mac, null, true, m.Token));
            return;
        }
        _waiting[m.Mac] = [new Waiter(Sender, m.Token)];
        _queued.Enqueue(m.Mac);
        Pump();
    }

    private void Pump()
    {
        while (_inFlight < Math.Max(1, _settings.EffectiveConcurrentQueries) && _queued.TryDequeue(out var mac))
        {
            _inFlight++;
            var generation = _generation;
            RunBounded(ct => _source.LookupAsync(mac, ct))
                .ContinueWith(t => t.IsCompletedSuccessfully
                    ? new LookupDone(mac, generation, t.Result, null)
                    : new LookupDone(mac, generation, null, Unwrap(t)), TaskScheduler.Default)
                .PipeTo(Self);
        }
    }

    private void OnLookupDone(LookupDone d)
    {
        _inFlight--;
        _waiting.Remove(d.Mac, out var waiters);
        waiters ??= [];
        switch (d.Error)
        {
            case null:
                if (d.Generation == _generation) Remember(d.Mac, d.Definition);
                Reply(waiters, d.Mac, d.Definition, failed: false);
                if (!_reachable) MarkReachable("a lookup answered");
                break;
            case StaticDefinitionException bad:
                // The source works; this one definition is broken. The client is not "unknown" either.
                _lastError = bad.Message;
                _lastFailureUtc = DateTimeOffset.UtcNow;
                if (_reportedInvalid.Add(d.Mac)) _log.Error("static definition unusable: {0}", bad.Message);
                _sourceFailures += waiters.Count;
                Reply(waiters, d.Mac, null, failed: true);
                break;
            default:
                _sourceFailures += waiters.Count;
                Reply(waiters, d.Mac, null, failed: true);
                MarkUnreachable(Describe(d.Error));
                break;
        }
        Pump();
    }

    private void Remember(MacAddress mac, StaticDefinition? definition)
    {
        if (definition is not null)
        {
            // A query's answer is cached once (lookups of a MAC are coalesced, and a flush starts a new generation).
            if (_answers.TryAdd(mac, definition)) _cachedDefinitions++;
            return;
        }
        if (!_answers.TryAdd(mac, null)) return;
        _missOrder.Enqueue(mac);
        while (_missOrder.Count > Math.Max(0, _settings.MaxCachedMisses)) _answers.Remove(_missOrder.Dequeue());
    }

    private void MarkUnreachable(string reason)
    {
        _lastError = reason;
        _lastFailureUtc = DateTimeOffset.UtcNow;
        if (!_reachable) return;
        _reachable = false;
        _log.Error("static source {0} unreachable: {1}; serving {2} cached definitions, retrying every {3}",
            _source.Name, reason, _cachedDefinitions, _settings.RetryInterval);
        // Clients queued behind the failed query would only wait for the same failure.
        while (_queued.TryDequeue(out var mac))
        {
            _waiting.Remove(mac, out var waiters);
            _sourceFailures += waiters!.Count;
            Reply(waiters, mac, null, failed: true);
        }
        ScheduleProbe();
    }

    private void MarkReachable(string how)
    {
        _reachable = true;
        Timers.Cancel(nameof(ProbeTick));
        _log.Info("static source {0} reachable again: {1}", _source.Name, how);
    }

    private void ScheduleProbe() => Timers.StartSingleTimer(nameof(ProbeTick), new ProbeTick(), _settings.RetryInterval);

    private void StartProbe(bool initial)
    {
        if (_probing) return;
        _probing = true;
        RunBounded(ct => _source.ProbeAsync(ct))
            .ContinueWith(t => t.IsCompletedSuccessfully
                ? new ProbeDone(initial, t.Result, null)
                : new ProbeDone(initial, null, Unwrap(t)), TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void OnProbeDone(ProbeDone p)
    {
        _probing = false;
        if (p.Error is null)
        {
            if (p.Initial) _log.Info("static source {0}: {1}", _source.Name, p.Description);
            else if (!_reachable) MarkReachable(p.Description!);
            return;
        }
        if (_reachable) MarkUnreachable(Describe(p.Error));
        else
        {
            _lastError = Describe(p.Error);
            _lastFailureUtc = DateTimeOffset.UtcNow;
            _log.Debug("static source {0} still unreachable: {1}", _source.Name, _lastError);
            ScheduleProbe();
        }
    }

    private void OnFlush()
    {
        var dropped = _cachedDefinitions;
        var droppedMisses = _missOrder.Count;
        ClearCache();
        var replyTo = Sender;
        RunBounded(async ct => { await _source.ReloadAsync(ct); return true; })
            .ContinueWith(t => new ReloadDone(replyTo, dropped, droppedMisses, t.IsCompletedSuccessfully ? null : Unwrap(t)),
                TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void OnReloadDone(ReloadDone r)
    {
        // Lookups answered during the reload may have read the old content: drop them too.
        ClearCache();
        if (r.Error is null)
            _log.Info("static cache flushed: {0} definitions and {1} unknown MACs dropped, source {2} reloaded",
                r.Dropped, r.DroppedMisses, _source.Name);
        else
        {
            _lastError = Describe(r.Error);
            _lastFailureUtc = DateTimeOffset.UtcNow;
            _log.Error("static cache flushed ({0} definitions dropped) but reloading source {1} failed, " +
                       "keeping its previous content: {2}", r.Dropped, _source.Name, _lastError);
        }
        r.ReplyTo.Tell(new StaticCacheFlushed(r.Dropped));
    }

    private void ClearCache()
    {
        _answers.Clear();
        _cachedDefinitions = 0;
        _missOrder.Clear();
        _reportedInvalid.Clear();
        _generation++;
    }

    private static void Reply(List<Waiter> waiters, MacAddress mac, StaticDefinition? def, bool failed)
    {
        foreach (var w in waiters) w.ReplyTo.Tell(new StaticLookupResult(mac, def, failed, w.Token));
    }

    /// <summary>Runs source work on the thread pool (SQLite's "async" is synchronous) under QueryTimeout.</summary>
    private Task<T> RunBounded<T>(Func<CancellationToken, Task<T>> work)
    {
        var timeout = _settings.QueryTimeout;
        return Task.Run(async () =>
        {
            using var cts = new CancellationTokenSource(timeout);
            try { return await work(cts.Token).WaitAsync(timeout); }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
                throw new TimeoutException($"no answer within {timeout.TotalSeconds:0.###} s", e);
            }
        });
    }

    private static Exception Unwrap(Task t) =>
        t.Exception?.InnerExceptions.Count == 1 ? t.Exception.InnerException! : (Exception?)t.Exception ?? new TaskCanceledException();

    private static string Describe(Exception e) => e.Message;
}
