using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Static;
using StaticDhcpd.Actors.Webhook;

namespace StaticDhcpd.Node.Configuration;

/// <summary>
/// A validated node configuration: the <c>staticdhcpd</c> section as records, and the whole merged HOCON
/// (file, then embedded HOCON.conf, then Akka's defaults) for the ActorSystem.
/// </summary>
public sealed record NodeConfiguration(
    string DataDir,
    DhcpSettings Dhcp,
    StaticSettings Static,
    IReadOnlyList<PoolSettings> Pools,
    WebhookSettings Webhook,
    Akka.Configuration.Config AkkaConfig)
{
    /// <summary>Where it was read from: a file path, or "embedded HOCON.conf".</summary>
    public string Source { get; init; } = NodeConfigurationLoader.EmbeddedSource;

    /// <summary>The pool and lease journal (<c>staticdhcpd.persistence</c>).</summary>
    public PersistenceSettings Persistence { get; init; } = PersistenceSettings.Default;

    /// <summary><c>staticdhcpd.cluster.down-refused-members</c>: down a crashed member as soon as its port refuses.</summary>
    public bool DownRefusedMembers { get; init; } = true;

    /// <summary><c>staticdhcpd.management</c>: the management HTTP listener and its token.</summary>
    public ManagementSettings Management { get; init; } = ManagementSettings.Default;
}
