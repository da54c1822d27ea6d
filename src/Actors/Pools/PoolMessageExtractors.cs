using Akka.Cluster.Sharding;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools.Internal;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Pools;

/// <summary>Lease region: entity id <c>pool|bucket</c> (the client key hashed into the pool's buckets), and one entity
/// per shard (shard id = entity id), so the allocation strategy places every bucket on the node that answers for it.</summary>
public sealed class LeaseMessageExtractor : IMessageExtractor
{
    public string EntityId(object message) => message switch
    {
        LeaseRequest r => Buckets.EntityId(r.Pool, Buckets.Of(r.ClientKey)),
        ReleaseClientLease r => Buckets.EntityId(r.Pool, Buckets.Of(r.ClientKey)),
        GetClientLease g => Buckets.EntityId(g.Pool, Buckets.Of(g.ClientKey)),
        AssignClientLease a => Buckets.EntityId(a.Pool, Buckets.Of(a.ClientKey)),
        BlockGrant g => Buckets.EntityId(g.Pool, g.Bucket),
        BlockRequestDone d => Buckets.EntityId(d.Pool, d.Bucket),
        BlockReturnAccepted a => Buckets.EntityId(a.Pool, a.Bucket),
        SpareAddresses s => Buckets.EntityId(s.Pool, s.Bucket),
        WakeBucket w => Buckets.EntityId(w.Pool, w.Bucket),
        GetBucketView v => Buckets.EntityId(v.Pool, v.Bucket),
        _ => null!,
    };

    public object EntityMessage(object message) => message;

    public string ShardId(object message) => EntityId(message);

    public string ShardId(string entityId, object? messageHint = null) => entityId;
}

/// <summary>Pool region: entity id = pool name.</summary>
public sealed class PoolMessageExtractor(int maxNumberOfShards = PoolSharding.DefaultShards) : HashCodeMessageExtractor(maxNumberOfShards)
{
    public override string EntityId(object message) => message switch
    {
        BlockRequest r => r.Pool,
        BlockReceipt r => r.Pool,
        BlockReturn r => r.Pool,
        SpareRefused r => r.Pool,
        GetPoolStatus g => g.Pool,
        GetLeases g => g.Pool,
        WakePool w => w.Pool,
        StartPoolScan s => s.Pool,
        GetPoolScan g => g.Pool,
        _ => null!,
    };
}
