using Akka.Actor;
using Akka.TestKit.Xunit2;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>The path the request handler uses — LeaseRequest into the lease region, LeaseReply back — with both
/// entities created on demand by <see cref="MiniRegions"/> on the TestKit journal, and a clock moved by hand.</summary>
public abstract class LeasePathTestKit : TestKit
{
    protected readonly ManualClock Clock = new();
    private IActorRef? _regions;

    protected LeasePathTestKit(ITestOutputHelper output) : base(TestPersistence, output: output)
    {
    }

    /// <summary>The pool "guests" (10.0.0.10–19) with a one-minute lease; started on first use unless started here.</summary>
    protected IActorRef Regions => _regions ??= StartRegions(Settings(lease: TimeSpan.FromMinutes(1), useClientHostname: true));

    /// <param name="arp">Stands in for the node's ArpService (scans and conflict checks); null: none.</param>
    protected IActorRef StartRegions(PoolSettings pool, LeaseEntityOptions? lease = null, IActorRef? arp = null)
    {
        var poolOptions = new PoolEntityOptions { Clock = Clock.Func, SweepInterval = TimeSpan.FromMilliseconds(50), SpareWait = TimeSpan.FromMilliseconds(300), Arp = arp };
        var leaseOptions = (lease ?? new LeaseEntityOptions()) with { Clock = Clock.Func, SweepInterval = TimeSpan.FromMilliseconds(50), Arp = arp };
        return _regions = Sys.ActorOf(Props.Create(() => new MiniRegions(new[] { pool }, poolOptions, leaseOptions)));
    }

    protected List<LeaseInfo> Bound()
    {
        Regions.Tell(new GetLeases("guests"), TestActor);
        return ExpectMsg<PoolLeases>().Leases.Where(l => l.State == AddressState.Bound).ToList();
    }

    protected long PoolTraffic()
    {
        Regions.Tell(new GetPoolTraffic(), TestActor);
        return ExpectMsg<long>();
    }

    protected LeaseReply Send(LeaseRequest r, TimeSpan? within = null)
    {
        Regions.Tell(r, TestActor);
        // A bound, not a delay: an answer may wait for a block to move between buckets (several journal writes).
        return ExpectMsg<LeaseReply>(x => x.CorrelationId == r.CorrelationId, within ?? TimeSpan.FromSeconds(10));
    }

    protected Ipv4Address Dora(int client, string? requested = null)
    {
        var offer = Send(Req(client, DhcpMethod.Discover, requested: requested, correlation: 10 * client));
        Assert.Equal(LeaseOutcome.Offer, offer.Outcome);
        var ack = Send(Req(client, DhcpMethod.RequestSelecting, requested: offer.Address.ToString(), correlation: 10 * client + 1));
        Assert.Equal(LeaseOutcome.Ack, ack.Outcome);
        Assert.Equal(offer.Address, ack.Address);
        return ack.Address;
    }

    protected ClientLeaseRecord Record(int client)
    {
        Regions.Tell(new GetClientLease("guests", Key(client)), TestActor);
        return ExpectMsg<ClientLeaseRecord>();
    }

    protected PoolStatus Status()
    {
        Regions.Tell(new GetPoolStatus("guests"), TestActor);
        return ExpectMsg<PoolStatus>();
    }

    protected void StopEntity(string id)
    {
        Regions.Tell(new StopEntity(id), TestActor);
        ExpectMsg<EntityStopped>();
    }
}
