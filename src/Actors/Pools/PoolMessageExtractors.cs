using Akka.Cluster.Sharding;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Pools;

/// <summary>Lease region: entity id <c>Pool|ClientKey</c> (so pool names must not contain '|').</summary>
public sealed class LeaseMessageExtractor(int maxNumberOfShards = PoolSharding.DefaultShards) : HashCodeMessageExtractor(maxNumberOfShards)
{
    public override string EntityId(object message) => message switch
    {
        LeaseRequest r => LeaseEntity.EntityIdFor(r.Pool, r.ClientKey),
        ReleaseClientLease r => LeaseEntity.EntityIdFor(r.Pool, r.ClientKey),
        GetClientLease g => LeaseEntity.EntityIdFor(g.Pool, g.ClientKey),
        ConfirmExpiry x => LeaseEntity.EntityIdFor(x.Pool, x.ClientKey),
        _ => null!,
    };

    /// <summary>Splits an entity id back into pool and client key.</summary>
    public static (string Pool, string ClientKey) Parse(string entityId)
    {
        var bar = entityId.IndexOf('|');
        if (bar <= 0) throw new ArgumentException($"not a lease entity id: '{entityId}'");
        return (entityId[..bar], entityId[(bar + 1)..]);
    }
}

/// <summary>Pool region: entity id = pool name.</summary>
public sealed class PoolMessageExtractor(int maxNumberOfShards = PoolSharding.DefaultShards) : HashCodeMessageExtractor(maxNumberOfShards)
{
    public override string EntityId(object message) => message switch
    {
        PoolCommand c => c.Pool,
        PoolReleaseClient r => r.Pool,
        ExpiryConfirmation x => x.Pool,
        PoolGetClient g => g.Pool,
        MarkInUse m => m.Pool,
        GetPoolStatus g => g.Pool,
        GetLeases g => g.Pool,
        WakePool w => w.Pool,
        _ => null!,
    };
}
