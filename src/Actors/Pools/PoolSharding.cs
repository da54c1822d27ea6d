using Akka.Actor;
using Akka.Cluster.Sharding;

namespace StaticDhcpd.Actors.Pools;

/// <summary>The two shard regions: send LeaseRequest / ReleaseClientLease / GetClientLease to <see cref="Leases"/>,
/// MarkInUse / GetPoolStatus / GetLeases to <see cref="Pools"/>.</summary>
public sealed record PoolRegions(IActorRef Leases, IActorRef Pools);

public sealed record PoolShardingOptions
{
    public int Shards { get; init; } = PoolSharding.DefaultShards;

    /// <summary>Cluster role that hosts the entities; null = every member.</summary>
    public string? Role { get; init; }

    /// <summary>How often every configured pool entity is woken, so expiry runs after a restart or a rebalance
    /// without remembered entities (they are not reliably restarted at 1.5.73, akka-notes.md).</summary>
    public TimeSpan WakeInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A lease entity idle this long is passivated. Short, because it holds nothing durable (the pool keeps the
    /// client's record) and starts without a journal read, while tens of thousands of idle ones would hold memory
    /// until sharding's default (2 minutes) passes.</summary>
    public TimeSpan LeaseIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public PoolEntityOptions Pool { get; init; } = PoolEntityOptions.Default;

    public LeaseEntityOptions Lease { get; init; } = LeaseEntityOptions.Default;
}

public static class PoolSharding
{
    public const int DefaultShards = 100;
    public const string LeaseTypeName = "lease";
    public const string PoolTypeName = "pool";

    /// <summary>Starts the lease and pool regions on this node and the keeper that wakes pool entities.
    /// Pool entities never passivate (they drive expiry); lease entities after <see cref="PoolShardingOptions.LeaseIdleTimeout"/>.</summary>
    public static PoolRegions Start(ActorSystem system, IReadOnlyList<PoolSettings> pools, PoolShardingOptions? options = null)
    {
        options ??= new PoolShardingOptions();
        var policies = pools.ToDictionary(p => p.Name, PoolPolicy.From);
        var sharding = ClusterSharding.Get(system);
        var settings = ClusterShardingSettings.Create(system);
        if (options.Role is not null) settings = settings.WithRole(options.Role);

        // Each region's entities need the other region; entities are only created once messages flow, after both exist.
        IActorRef? leaseRegion = null;
        var poolRegion = sharding.Start(PoolTypeName,
            name => policies.TryGetValue(name, out var policy)
                ? PoolEntity.Props(policy, leaseRegion!, options.Pool)
                : Props.Create(() => new UnknownPool(name)),
            settings.WithPassivateIdleAfter(TimeSpan.Zero),
            new PoolMessageExtractor(options.Shards));
        leaseRegion = sharding.Start(LeaseTypeName,
            id =>
            {
                var (pool, clientKey) = LeaseMessageExtractor.Parse(id);
                return LeaseEntity.Props(pool, clientKey, poolRegion, options.Lease);
            },
            settings.WithPassivateIdleAfter(options.LeaseIdleTimeout),
            new LeaseMessageExtractor(options.Shards));

        system.ActorOf(Props.Create(() => new PoolKeeper(poolRegion, policies.Keys.ToList(), options.WakeInterval)), "pool-keeper");
        return new PoolRegions(leaseRegion, poolRegion);
    }
}

/// <summary>Wakes every configured pool entity now and periodically (cheap: a no-op message to a live entity).</summary>
internal sealed class PoolKeeper : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    private readonly TimeSpan _interval;

    public PoolKeeper(IActorRef poolRegion, IReadOnlyList<string> pools, TimeSpan interval)
    {
        _interval = interval;
        Receive<string>(_ =>
        {
            foreach (var p in pools) poolRegion.Tell(new WakePool(p));
        });
    }

    protected override void PreStart()
    {
        Self.Tell("wake");
        Timers.StartPeriodicTimer("wake", "wake", _interval);
    }
}
