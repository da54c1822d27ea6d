using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Node.Configuration;
using StaticDhcpd.Node.Hosting;

namespace StaticDhcpd.Node.Management;

/// <summary>
/// /alive and /ready as Akka.Hosting health checks: alive = Akka.Hosting's actor-system liveness check; ready =
/// member-up (this node is an Up cluster member), pools-recovered (start-up finished: every pool answered and the
/// sockets are open, and every pool, with all its buckets, answers its status now) and journal (a database round
/// trip through the journal, <see cref="JournalProbe"/>).
/// </summary>
public static class ReadinessChecks
{
    public const string AliveTag = "alive";
    public const string ReadyTag = "ready";
    public const string MemberUp = "member-up";
    public const string PoolsRecovered = "pools-recovered";
    public const string Journal = "journal";
    public static readonly IReadOnlyList<string> Names = [MemberUp, PoolsRecovered, Journal];
    public static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(3);

    public static AkkaConfigurationBuilder WithNodeHealthChecks(this AkkaConfigurationBuilder akka, NodeConfiguration config,
        NodeReadiness readiness) =>
        akka.WithActorSystemLivenessCheck(tags: [AliveTag])
            .WithHealthCheck(MemberUp, (system, _, _) => Task.FromResult(MemberUpCheck(system)), tags: [ReadyTag])
            .WithHealthCheck(PoolsRecovered, (_, registry, ct) => PoolsCheckAsync(config, readiness, registry, ct), tags: [ReadyTag])
            .WithHealthCheck(Journal, async (system, _, ct) =>
                await JournalProbe.ProblemAsync(system, QueryTimeout, ct) is { } problem
                    ? HealthCheckResult.Unhealthy(problem)
                    : HealthCheckResult.Healthy($"{config.Persistence.Provider} journal answered"), tags: [ReadyTag]);

    private static HealthCheckResult MemberUpCheck(ActorSystem system)
    {
        var self = Cluster.Get(system).SelfMember;
        return self.Status == MemberStatus.Up
            ? HealthCheckResult.Healthy($"{self.Address} is Up")
            : HealthCheckResult.Unhealthy($"{self.Address} is {self.Status}");
    }

    private static async Task<HealthCheckResult> PoolsCheckAsync(NodeConfiguration config, NodeReadiness readiness,
        ActorRegistry registry, CancellationToken ct)
    {
        if (!readiness.Serving) return HealthCheckResult.Unhealthy("starting: waiting for the pools to recover before opening the sockets");
        if (config.Pools.Count == 0) return HealthCheckResult.Healthy("no pools configured; sockets open");
        var answers = await PoolStatuses.AskAllAsync(registry.Get<PoolRegionKey>(), config.Pools, QueryTimeout, ct);
        var silent = answers.Where(a => a.Status is null).Select(a => a.Pool.Name).ToList();
        return silent.Count == 0
            ? HealthCheckResult.Healthy($"{config.Pools.Count} pool(s) and their buckets answered; sockets open")
            : HealthCheckResult.Unhealthy($"no answer within {QueryTimeout.TotalSeconds} s from pool(s) {string.Join(", ", silent)} (a bucket is recovering or moving)");
    }
}
