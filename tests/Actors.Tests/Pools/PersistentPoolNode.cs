using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Node.Persistence;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>
/// The real stack a node runs pools on: a one-member cluster, the node's persistence config for
/// <paramref name="provider"/>, the pool serializer with unregistered types refused, PoolSharding.
/// </summary>
public static class PersistentPoolNode
{
    public static async Task<(ActorSystem System, PoolRegions Regions)> StartAsync(string systemName, string dataDir,
        string provider, string? connectionString, IReadOnlyList<PoolSettings> pools, TimeSpan timeout,
        PoolShardingOptions? options = null)
    {
        PersistenceConfig.PrepareDatabase(dataDir, provider, connectionString);
        var config = ConfigurationFactory.ParseString("""
                akka.loglevel = WARNING
                akka.actor.provider = cluster
                akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
                akka.actor.serialization-settings.allow-unregistered-types = false
                # as HOCON.conf: the coordinator's state in distributed data, not in the journal
                akka.cluster.sharding.state-store-mode = ddata
                akka.cluster.sharding.distributed-data.durable.keys = []
                """)
            .WithFallback(PoolSerialization.Config)
            .WithFallback(PersistenceConfig.Build(dataDir, provider, connectionString));
        var system = ActorSystem.Create(systemName, config);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(timeout);
        return (system, PoolSharding.Start(system, pools, options));
    }
}
