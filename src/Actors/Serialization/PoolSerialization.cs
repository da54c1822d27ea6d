using Akka.Configuration;

namespace StaticDhcpd.Actors.Serialization;

/// <summary>The HOCON that binds the pools' marker interfaces to <see cref="PoolSerializer"/>. Add it to the node's
/// config (it works with akka.actor.serialization-settings.allow-unregistered-types = false).</summary>
public static class PoolSerialization
{
    public const string Hocon = """
        akka.actor {
          serializers {
            staticdhcpd-pools = "StaticDhcpd.Actors.Serialization.PoolSerializer, StaticDhcpd.Actors"
          }
          serialization-bindings {
            "StaticDhcpd.Actors.Serialization.IPersistedEvent, StaticDhcpd.Actors" = staticdhcpd-pools
            "StaticDhcpd.Actors.Serialization.IPersistedSnapshot, StaticDhcpd.Actors" = staticdhcpd-pools
            "StaticDhcpd.Actors.Serialization.IClusterMessage, StaticDhcpd.Actors" = staticdhcpd-pools
            "StaticDhcpd.Messages.Pools.IPoolProtocolMessage, StaticDhcpd.Messages" = staticdhcpd-pools
            "StaticDhcpd.Messages.Events.IManagementEvent, StaticDhcpd.Messages" = staticdhcpd-pools
          }
          serialization-identifiers {
            "StaticDhcpd.Actors.Serialization.PoolSerializer, StaticDhcpd.Actors" = 4301
          }
        }
        """;

    public static Config Config => ConfigurationFactory.ParseString(Hocon);
}
