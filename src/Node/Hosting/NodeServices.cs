using Akka.Actor;
using StaticDhcpd.Actors.Arp;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Static;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Hosting;

/// <summary>What the management HTTP endpoints reach into a running node through (registered in DI by the host).
/// <paramref name="Pools"/> is null when no pool is configured.</summary>
public sealed record NodeServices(
    ActorSystem System,
    NodeConfiguration Config,
    DhcpCounters Counters,
    IActorRef StaticDirectory,
    PoolRegions? Pools,
    BucketTableHolder Buckets)
{
    /// <summary>The buckets' journal writes on this node.</summary>
    public JournalCounters Journal { get; init; } = new();

    /// <summary>The leases this node's buckets reclaimed on expiry, per pool.</summary>
    public ReclaimedLeases Reclaimed { get; init; } = new();

    /// <summary>The served interfaces' link devices (raw replies, ARP), in the order of staticdhcpd.dhcp.interfaces.</summary>
    public IReadOnlyList<ArpLink> Links { get; init; } = [];

    /// <summary>The static directory's cached answers, read by the request handler without asking the directory.</summary>
    public StaticAnswers StaticAnswers { get; init; } = new();
}
