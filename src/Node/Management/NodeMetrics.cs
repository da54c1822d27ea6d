using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Prometheus;
using Akka.Hosting;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Webhook;
using StaticDhcpd.Node.Hosting;

namespace StaticDhcpd.Node.Management;

/// <summary>
/// <c>GET /metrics</c> (prometheus-net, a registry of this node's own): the packet counters under Kea's names
/// (<see cref="KeaCounters"/>), per-pool address gauges from each pool's status query, asked at scrape time with a
/// timeout, the buckets' journal writes, and cluster members by status. Nothing is computed between scrapes.
/// </summary>
public sealed class NodeMetrics
{
    public static readonly TimeSpan PoolQueryTimeout = TimeSpan.FromSeconds(3);
    private static readonly string[] MemberStatuses =
        Enum.GetValues<MemberStatus>().Select(s => s.ToString().ToLowerInvariant()).ToArray();

    private readonly NodeServices _node;
    private readonly IReadOnlyActorRegistry _registry;
    private readonly Dictionary<string, Counter> _kea = new();
    private readonly Dictionary<string, Counter> _own = new();
    private readonly Counter _drops;
    private readonly Gauge _total, _assigned, _declined, _free, _offered, _inUse, _blocked, _exhausted, _answered;
    private readonly Gauge _members, _unreachable;
    private readonly Counter _reclaimed;
    private readonly Counter _journalWrites, _journalEvents, _journalSeconds, _journalFailures;
    private readonly Counter _webhookSent, _webhookFailed, _webhookDropped, _webhookSuppressed, _webhookRetries;
    private readonly Gauge _webhookQueued, _webhookInFlight, _webhookAnswered;

    public CollectorRegistry Registry { get; } = NewRegistry();

    private static CollectorRegistry NewRegistry()
    {
        // prometheus-net's default registry listens to every .NET event counter and meter, polling them on timers all
        // the time; this node exports its own registry only, so those listeners would be idle CPU for nothing.
        Metrics.SuppressDefaultMetrics();
        return Metrics.NewCustomRegistry();
    }

    public NodeMetrics(NodeServices node, IReadOnlyActorRegistry registry)
    {
        _node = node;
        _registry = registry;
        var f = Metrics.WithCustomRegistry(Registry);
        foreach (var (name, help, _) in KeaCounters.Read(node.Counters))
            _kea[name] = f.CreateCounter(KeaCounters.PrometheusName(name) + "_total", help);
        foreach (var (name, help, _) in KeaCounters.Own(node.Counters))
            _own[name] = f.CreateCounter($"staticdhcpd_{name}_total", help);
        _drops = f.CreateCounter("staticdhcpd_pkt4_dropped_total", "packets dropped without an answer, by reason", "reason");

        Gauge Pool(string name, string help) => f.CreateGauge(name, help, "pool");
        _total = Pool("total_addresses", "addresses in the pool's ranges (Kea total-addresses)");
        _assigned = Pool("assigned_addresses", "addresses bound to a client (Kea assigned-addresses)");
        _declined = Pool("declined_addresses", "addresses on decline probation (Kea declined-addresses)");
        _reclaimed = f.CreateCounter("reclaimed_leases_total", "leases this node's buckets reclaimed on expiry (Kea reclaimed-leases)", "pool");
        _free = Pool("staticdhcpd_free_addresses", "addresses free to offer");
        _offered = Pool("staticdhcpd_offered_addresses", "addresses offered and not yet requested");
        _inUse = Pool("staticdhcpd_in_use_addresses", "free addresses seen in use by another host");
        _blocked = Pool("staticdhcpd_blocked_clients", "clients blocked from the pool");
        _exhausted = Pool("staticdhcpd_exhausted_requests", "DISCOVERs that found no free address since the pool entity started");
        _answered = Pool("staticdhcpd_pool_answered", "1 when the pool and all its buckets answered this scrape's status query in time, else 0 (its other series are then absent)");
        _members = f.CreateGauge("staticdhcpd_cluster_members", "cluster members by status, as this node sees them", "status");
        _unreachable = f.CreateGauge("staticdhcpd_cluster_unreachable_members", "members some member sees unreachable");

        _journalWrites = f.CreateCounter("staticdhcpd_journal_writes_total", "the buckets' journal writes (one group commit each) made durable");
        _journalEvents = f.CreateCounter("staticdhcpd_journal_events_written_total", "events those writes carried (batch size = events / writes)");
        _journalSeconds = f.CreateCounter("staticdhcpd_journal_write_seconds_total", "time from each write's start until durable (latency = seconds / writes)");
        _journalFailures = f.CreateCounter("staticdhcpd_journal_write_failures_total", "journal writes that failed (database unreachable) or events it refused", "kind");

        _webhookSent = f.CreateCounter("staticdhcpd_webhook_sent_total", "webhook notices the endpoint accepted (2xx)");
        _webhookFailed = f.CreateCounter("staticdhcpd_webhook_failed_total", "webhook notices given up on (retries exhausted, or a 4xx)");
        _webhookDropped = f.CreateCounter("staticdhcpd_webhook_dropped_total", "webhook notices pushed out of the full queue");
        _webhookSuppressed = f.CreateCounter("staticdhcpd_webhook_suppressed_total", "unknown-mac notices not sent: the MAC was notified within the window");
        _webhookRetries = f.CreateCounter("staticdhcpd_webhook_retries_total", "webhook attempts after the first");
        _webhookQueued = f.CreateGauge("staticdhcpd_webhook_queued", "webhook notices waiting");
        _webhookInFlight = f.CreateGauge("staticdhcpd_webhook_in_flight", "webhook notices being delivered");
        _webhookAnswered = f.CreateGauge("staticdhcpd_webhook_answered", "1 when the webhook notifier answered this scrape in time (only with a webhook URL)");

        Registry.AddBeforeCollectCallback(CollectAsync);
    }

    public void Map(IEndpointRouteBuilder app) => app.MapMetrics("/metrics", Registry);

    private async Task CollectAsync(CancellationToken ct)
    {
        var c = _node.Counters;
        foreach (var (name, _, value) in KeaCounters.Read(c)) _kea[name].IncTo(value);
        foreach (var (name, _, value) in KeaCounters.Own(c)) _own[name].IncTo(value);
        foreach (var (reason, value) in KeaCounters.Drops(c)) _drops.WithLabels(reason).IncTo(value);

        foreach (var p in _node.Config.Pools) _reclaimed.WithLabels(p.Name).IncTo(_node.Reclaimed.Of(p.Name));
        var j = _node.Journal;
        _journalWrites.IncTo(j.Writes);
        _journalEvents.IncTo(j.Events);
        _journalSeconds.IncTo(j.Seconds);
        _journalFailures.WithLabels("failed").IncTo(j.Failures);
        _journalFailures.WithLabels("rejected").IncTo(j.Rejections);

        var state = Cluster.Get(_node.System).State;
        foreach (var s in MemberStatuses)
            _members.WithLabels(s).Set(state.Members.Count(m => m.Status.ToString().Equals(s, StringComparison.OrdinalIgnoreCase)));
        _unreachable.Set(state.Unreachable.Count);

        await Task.WhenAll(CollectWebhookAsync(ct), CollectPoolsAsync(ct));
    }

    private async Task CollectWebhookAsync(CancellationToken ct)
    {
        if (!_registry.TryGet<WebhookNotifierKey>(out var notifier)) return;
        try
        {
            var w = await notifier.Ask<WebhookStatus>(new GetWebhookStatus(), PoolQueryTimeout, ct);
            _webhookSent.IncTo(w.Sent);
            _webhookFailed.IncTo(w.Failed);
            _webhookDropped.IncTo(w.Dropped);
            _webhookSuppressed.IncTo(w.Suppressed);
            _webhookRetries.IncTo(w.Retries);
            _webhookQueued.Set(w.Queued);
            _webhookInFlight.Set(w.InFlight);
            _webhookAnswered.Set(1);
        }
        catch (AskTimeoutException)
        {
            _webhookAnswered.Set(0);
        }
    }

    private async Task CollectPoolsAsync(CancellationToken ct)
    {
        if (_node.Pools is not { } regions) return;
        foreach (var (pool, s) in await PoolStatuses.AskAllAsync(regions.Pools, _node.Config.Pools, PoolQueryTimeout, ct))
            SetPool(pool.Name, s);
    }

    // A pool that did not answer has no figures rather than stale ones.
    private void SetPool(string pool, PoolStatus? s)
    {
        _answered.WithLabels(pool).Set(s is null ? 0 : 1);
        var gauges = new[] { _total, _assigned, _declined, _free, _offered, _inUse, _blocked, _exhausted };
        if (s is null)
        {
            foreach (var g in gauges) g.RemoveLabelled(pool);
            return;
        }
        _total.WithLabels(pool).Set(s.Total);
        _assigned.WithLabels(pool).Set(s.Bound);
        _declined.WithLabels(pool).Set(s.Declined);
        _free.WithLabels(pool).Set(s.Free);
        _offered.WithLabels(pool).Set(s.Offered);
        _inUse.WithLabels(pool).Set(s.InUse);
        _blocked.WithLabels(pool).Set(s.BlockedClients);
        _exhausted.WithLabels(pool).Set(s.ExhaustedRequests);
    }
}
