using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.SBR;
using Akka.Cluster.Sharding;
using Akka.DistributedData;
using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Tests;

/// <summary>The cluster, resolver, sharding and shutdown values a node runs with, read back by Akka's own settings
/// classes from a started ActorSystem built as the node builds it.</summary>
public class ClusterDefaultsTests
{
    private sealed record Effective(
        TimeSpan HeartbeatInterval, TimeSpan AcceptablePause, TimeSpan ReaperInterval, TimeSpan GossipInterval,
        TimeSpan LeaderActionsInterval, bool ShutdownWhenDown, string Downing, TimeSpan RemovalMargin,
        string Strategy, TimeSpan StableAfter, TimeSpan DownAllWhenUnstable,
        StateStoreMode StateStore, bool RememberEntities, string JournalPluginId, IReadOnlyList<string> DurableKeys,
        TimeSpan RebalanceInterval, TimeSpan HandOffTimeout, TimeSpan RetryInterval,
        bool RunByClrShutdownHook, bool ExitClr, TimeSpan ShardingShutdownPhase);

    private static async Task<Effective> Read(NodeConfiguration node)
    {
        var system = ActorSystem.Create("staticdhcpd", ActorSystemConfig.For(node));
        try
        {
            var cluster = Cluster.Get(system).Settings;
            var downing = Cluster.Get(system).DowningProvider;
            var config = system.Settings.Config;
            var sbr = new SplitBrainResolverSettings(config);
            ClusterSharding.Get(system); // loads sharding's reference config, as starting a region does
            var sharding = ClusterShardingSettings.Create(system);
            // The replicator settings exactly as sharding builds them for its coordinator state.
            var ddata = ReplicatorSettings.Create(config.GetConfig("akka.cluster.sharding.distributed-data")
                .WithFallback(DistributedData.DefaultConfig().GetConfig("akka.cluster.distributed-data")));
            var shutdown = CoordinatedShutdown.Get(system);
            return new Effective(
                cluster.HeartbeatInterval, cluster.FailureDetectorConfig.GetTimeSpan("acceptable-heartbeat-pause"),
                cluster.UnreachableNodesReaperInterval, cluster.GossipInterval, cluster.LeaderActionsInterval,
                cluster.RunCoordinatedShutdownWhenDown, cluster.DowningProviderType.Name, downing.DownRemovalMargin,
                sbr.DowningStrategy, sbr.DowningStableAfter, sbr.DownAllWhenUnstable,
                sharding.StateStoreMode, sharding.RememberEntities, sharding.JournalPluginId, ddata.DurableKeys.ToList(),
                sharding.TuningParameters.RebalanceInterval, sharding.TuningParameters.HandOffTimeout,
                sharding.TuningParameters.RetryInterval,
                config.GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook"),
                config.GetBoolean("akka.coordinated-shutdown.exit-clr"),
                shutdown.Timeout(CoordinatedShutdown.PhaseClusterShardingShutdownRegion));
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public async Task The_embedded_default_gives_fast_failover_ddata_sharding_and_a_graceful_leave()
    {
        var e = await Read(NodeConfigurationLoader.Load(null));
        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(250)),
            (e.HeartbeatInterval, e.AcceptablePause, e.ReaperInterval));
        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500)), (e.GossipInterval, e.LeaderActionsInterval));
        // The margin sharding and the coordinator singleton wait after a removal (Akka would take stable-after).
        Assert.Equal((true, "SplitBrainResolverProvider", TimeSpan.FromSeconds(1)), (e.ShutdownWhenDown, e.Downing, e.RemovalMargin));
        Assert.Equal(("keep-majority", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15)),
            (e.Strategy, e.StableAfter, e.DownAllWhenUnstable));
        Assert.Equal((StateStoreMode.DData, false), (e.StateStore, e.RememberEntities));
        Assert.Empty(e.DurableKeys);
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)),
            (e.RebalanceInterval, e.HandOffTimeout, e.RetryInterval));
        Assert.Equal((true, false, TimeSpan.FromSeconds(10)), (e.RunByClrShutdownHook, e.ExitClr, e.ShardingShutdownPhase));
        // Sharding's journal, should an operator switch state-store-mode to persistence, is the node's SQL journal.
        Assert.Equal("akka.persistence.journal.sql", e.JournalPluginId);
    }

    [Fact]
    public async Task An_operator_file_overrides_every_cluster_default()
    {
        using var file = new TempConfig("""
            akka.cluster {
              failure-detector { heartbeat-interval = 2s, acceptable-heartbeat-pause = 6s }
              unreachable-nodes-reaper-interval = 1s
              gossip-interval = 1s
              leader-actions-interval = 2s
              run-coordinated-shutdown-when-down = off
              down-removal-margin = 4s
              split-brain-resolver { active-strategy = keep-oldest, stable-after = 7s, down-all-when-unstable = off }
              sharding {
                state-store-mode = persistence
                remember-entities = on
                distributed-data.durable.keys = ["shard-*"]
                rebalance-interval = 10s
                handoff-timeout = 30s
                retry-interval = 3s
              }
            }
            akka.coordinated-shutdown {
              run-by-clr-shutdown-hook = off
              phases.cluster-sharding-shutdown-region.timeout = 25s
            }
            """);
        var e = await Read(NodeConfigurationLoader.Load(file.Path));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(1), false),
            (e.HeartbeatInterval, e.AcceptablePause, e.ReaperInterval, e.ShutdownWhenDown));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)),
            (e.GossipInterval, e.LeaderActionsInterval, e.RemovalMargin));
        Assert.Equal(("keep-oldest", TimeSpan.FromSeconds(7), TimeSpan.Zero), (e.Strategy, e.StableAfter, e.DownAllWhenUnstable));
        // The node's persistence section must not shadow the operator's sharding choices.
        Assert.Equal((StateStoreMode.Persistence, true), (e.StateStore, e.RememberEntities));
        Assert.Equal(["shard-*"], e.DurableKeys);
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3)),
            (e.RebalanceInterval, e.HandOffTimeout, e.RetryInterval));
        // exit-clr = on is not tried here: it would end the test process when the system terminates.
        Assert.Equal((false, TimeSpan.FromSeconds(25)), (e.RunByClrShutdownHook, e.ShardingShutdownPhase));
    }
}
