using Akka.Actor;
using StaticDhcpd.Actors.Pools.Internal;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Pools;

/// <summary>Stands in either region for a pool name that is not configured (a journal or a peer from an older
/// configuration, a typo in an API call): answers every request with a refusal, persists nothing, and stops when idle.</summary>
public sealed class UnknownPool : ReceiveActor
{
    public UnknownPool(string name)
    {
        Context.SetReceiveTimeout(TimeSpan.FromSeconds(30));
        Receive<LeaseRequest>(r => Sender.Tell(new LeaseReply(r.CorrelationId, LeaseOutcome.Silent, Ipv4Address.Any, TimeSpan.Zero, null, "no such pool")));
        Receive<ReleaseClientLease>(r => Sender.Tell(new ClientLeaseReleased(name, r.ClientKey, null)));
        Receive<GetClientLease>(g => Sender.Tell(new ClientLeaseRecord(name, g.ClientKey, null, null, null, 0, null, [])));
        Receive<GetPoolStatus>(_ => Sender.Tell(new PoolStatus(name, 0, 0, 0, 0, 0, 0, 0, 0)));
        Receive<GetLeases>(_ => Sender.Tell(new PoolLeases(name, [])));
        Receive<GetBucketView>(v => Sender.Tell(new BucketView(name, v.Bucket, 0, 0, 0, 0, 0, 0, 0, 0, [])));
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
        ReceiveAny(_ => { });
    }
}
