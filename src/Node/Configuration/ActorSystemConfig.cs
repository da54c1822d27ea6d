using Akka.Configuration;
using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Node.Persistence;

namespace StaticDhcpd.Node.Configuration;

/// <summary>The HOCON a node's ActorSystem is created with.</summary>
public static class ActorSystemConfig
{
    /// <summary>Persistence and the explicit serializer are the node's, not the operator's: they win over the akka
    /// section. Everything else (cluster, resolver, sharding, shutdown) is the operator's file over HOCON.conf.</summary>
    public static Config For(NodeConfiguration config) =>
        PersistenceConfig.Build(config.DataDir, config.Persistence.Provider, config.Persistence.ConnectionString)
            .WithFallback(PoolSerialization.Config)
            .WithFallback(config.AkkaConfig);
}
