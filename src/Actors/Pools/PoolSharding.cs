using Akka.Actor;
using Akka.Cluster.Sharding;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools.Internal;

namespace StaticDhcpd.Actors.Pools;

/// <summary>The two shard regions: send LeaseRequest / ReleaseClientLease / GetClientLease to <see cref="Leases"/>,
/// GetPoolStatus / GetLeases to <see cref="Pools"/>.</summary>
public sealed record PoolRegions(IActorRef Leases, IActorRef Pools);

public sealed record PoolShardingOptions
{
    public int Shards { get; init; } = PoolSharding.DefaultShards;

    /// <summary>Cluster role that hosts the entities; null = every member.</summary>
    public string? Role { get; init; }

    /// <summary>How often every configured pool and every bucket of it is woken, so expiry runs after a restart or a
    /// move without remembered entities (they are not reliably restarted at 1.5.73, akka-notes.md).</summary>
    public TimeSpan WakeInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Where buckets live; null = sharding's default (least shards).</summary>
    public IShardAllocationStrategy? BucketAllocation { get; init; }

    public PoolEntityOptions Pool { get; init; } = PoolEntityOptions.Default;

    public LeaseEntityOptions Lease { get; init; } = LeaseEntityOptions.Default;
}

public static class PoolSharding
{
    public const int DefaultShards = 100;
    public const string LeaseTypeName = "lease";
    public const string PoolTypeName = "pool";

    /// <summary>Starts the lease (bucket) and pool regions on this node and the keeper that wakes their entities.
    /// Neither passivates: buckets drive expiry and hold their clients' state; pools are few.</summary>
    public static PoolRegions Start(ActorSystem system, IReadOnlyList<PoolSettings> pools, PoolShardingOptions? options = null)
    {
        options ??= new PoolShardingOptions();
        var policies = pools.ToDictionary(p => p.Name, PoolPolicy.From);
        var sharding = ClusterSharding.Get(system);
        var settings = ClusterShardingSettings.Create(system).WithPassivateIdleAfter(TimeSpan.Zero);
        if (options.Role is not null) settings = settings.WithRole(options.Role);

        // Each region's entities need the other region; entities are only created once messages flow, after both exist.
        IActorRef? leaseRegion = null;
        var poolRegion = sharding.Start(PoolTypeName,
            name => policies.TryGetValue(name, out var policy)
                ? PoolEntity.Props(policy, leaseRegion!, options.Pool)
                : Props.Create(() => new UnknownPool(name)),
            settings,
            new PoolMessageExtractor(options.Shards));
        Props BucketProps(string id) =>
            Buckets.TryParseEntityId(id, out var pool, out var bucket) && policies.TryGetValue(pool, out var policy)
                ? LeaseEntity.Props(policy, bucket, poolRegion, options.Lease)
                : Props.Create(() => new UnknownPool(id));
        var extractor = new LeaseMessageExtractor();
        leaseRegion = options.BucketAllocation is { } allocation
            ? sharding.Start(LeaseTypeName, BucketProps, settings, extractor, allocation, PoisonPill.Instance)
            : sharding.Start(LeaseTypeName, BucketProps, settings, extractor);

        system.ActorOf(Props.Create(() => new PoolKeeper(poolRegion, leaseRegion, policies.Keys.ToList(), options.WakeInterval)), "pool-keeper");
        return new PoolRegions(leaseRegion, poolRegion);
    }
}

/// <summary>Wakes every configured pool entity and every bucket now and periodically (cheap: a no-op message to a
/// live entity; a bucket whose node died is restarted on its new node by the first message, this one at the latest).</summary>
internal sealed class PoolKeeper : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    private readonly TimeSpan _interval;

    public PoolKeeper(IActorRef poolRegion, IActorRef leaseRegion, IReadOnlyList<string> pools, TimeSpan interval)
    {
        _interval = interval;
        Receive<string>(_ =>
        {
            foreach (var p in pools)
            {
                poolRegion.Tell(new WakePool(p));
                for (var b = 0; b < Buckets.Count; b++) leaseRegion.Tell(new WakeBucket(p, b));
            }
        });
    }

    protected override void PreStart()
    {
        Self.Tell("wake");
        Timers.StartPeriodicTimer("wake", "wake", _interval);
    }
}
