using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using StaticDhcpd.Actors.Arp;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Actors.Static;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Actors.Webhook;
using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Hosting;

/// <summary>
/// The actors a node runs before it serves: cluster membership, the bucket table, refused-member downing, the
/// webhook (before the sockets, so the first unknown client is reported too), the static directory, the served
/// interfaces' link devices and the ARP service (before the pools, which scan when they start) and the pool and
/// lease regions. Each is registered in the ActorRegistry; the result is what the management endpoints reach through.
/// </summary>
public static class NodeActors
{
    public static NodeServices Start(ActorSystem system, IActorRegistry registry, NodeConfiguration config,
        IReadOnlyList<InterfaceInfo> interfaces)
    {
        var cluster = Cluster.Get(system);
        if (config.AkkaConfig.GetStringList("akka.cluster.seed-nodes").Count == 0)
            cluster.Join(cluster.SelfAddress);
        // Which buckets this member answers for, kept current from the membership (none until it is Up).
        var buckets = new BucketTableHolder();
        registry.Register<BucketTableKeeperKey>(system.ActorOf(BucketTableKeeper.Props(buckets), "bucket-table"));
        if (config.DownRefusedMembers)
            registry.Register<RefusedMemberDowningKey>(system.ActorOf(RefusedMemberDowning.Props(), "refused-member-downing"));

        if (config.Webhook.Enabled)
            registry.Register<WebhookNotifierKey>(system.ActorOf(WebhookNotifier.Props(config.Webhook,
                new WebhookNotifierOptions { UnknownMacWindow = config.Dhcp.UnauthorizedClientTimeout }), WebhookNotifier.Name));

        var source = IStaticDefinitionSource.Create(config.Static);
        var answers = new StaticAnswers();
        var directory = system.ActorOf(StaticDirectory.Props(source, config.Static, answers), "static-directory");
        registry.Register<StaticDirectoryKey>(directory);
        var links = NodeLinks.Open(interfaces, system.Log);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "close-link-devices", () =>
        {
            NodeLinks.Close(links);
            return Task.FromResult(Akka.Done.Instance);
        });
        PoolRegions? regions = null;
        var journal = new JournalCounters();
        var reclaimed = new ReclaimedLeases();
        if (config.Pools.Count > 0)
        {
            var arp = system.ActorOf(ArpService.Props(links), ArpService.Name);
            registry.Register<ArpServiceKey>(arp);
            regions = PoolSharding.Start(system, config.Pools, new PoolShardingOptions
            {
                BucketAllocation = BucketAllocationStrategy.For(system),
                Pool = PoolEntityOptions.Default with { Arp = arp },
                Lease = LeaseEntityOptions.Default with { Journal = journal, Reclaimed = reclaimed, Arp = arp },
            });
            registry.Register<PoolRegionKey>(regions.Pools);
            registry.Register<LeaseRegionKey>(regions.Leases);
        }
        return new NodeServices(system, config, new DhcpCounters(), directory, regions, buckets) { Journal = journal, Reclaimed = reclaimed, Links = links, StaticAnswers = answers };
    }
}
