using Akka.Actor;
using Akka.Event;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools.Internal;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Pools;

/// <summary>One status or lease query of a pool, fanned out to all its buckets (wherever they live) and answered once
/// every bucket has answered: a pool whose buckets cannot all recover (journal unreachable) gives no answer rather
/// than a wrong one, and the asker's timeout says so.</summary>
internal sealed class PoolQuery : ReceiveActor
{
    private readonly Dictionary<int, BucketView> _views = new();

    public PoolQuery(string pool, int freeInPool, IActorRef leaseRegion, IActorRef asker, bool withLeases, TimeSpan timeout)
    {
        for (var b = 0; b < Buckets.Count; b++) leaseRegion.Tell(new GetBucketView(pool, b, withLeases));
        Context.SetReceiveTimeout(timeout);
        Receive<BucketView>(v =>
        {
            _views[v.Bucket] = v;
            if (_views.Count < Buckets.Count) return;
            asker.Tell(withLeases ? Leases(pool) : Status(pool, freeInPool));
            Context.Stop(Self);
        });
        Receive<ReceiveTimeout>(_ =>
        {
            Context.GetLogger().Warning("pool {0}: {1} of {2} buckets did not answer within {3}", pool,
                Buckets.Count - _views.Count, Buckets.Count, timeout);
            Context.Stop(Self);
        });
    }

    public static Props Props(string pool, int freeInPool, IActorRef leaseRegion, IActorRef asker, bool withLeases, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new PoolQuery(pool, freeInPool, leaseRegion, asker, withLeases, timeout));

    private PoolStatus Status(string pool, int freeInPool)
    {
        var v = _views.Values;
        return new PoolStatus(pool, freeInPool + v.Sum(x => x.Held), freeInPool + v.Sum(x => x.Free), v.Sum(x => x.Offered),
            v.Sum(x => x.Bound), v.Sum(x => x.Declined), v.Sum(x => x.InUse), v.Sum(x => x.Blocked), v.Sum(x => x.Exhausted));
    }

    private PoolLeases Leases(string pool) =>
        new(pool, _views.Values.SelectMany(v => v.Leases).OrderBy(l => l.Address).ToList());
}
