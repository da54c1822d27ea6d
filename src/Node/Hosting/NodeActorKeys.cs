namespace StaticDhcpd.Node.Hosting;

// Keys of the node's actors in Akka.Hosting's ActorRegistry (resolve with ActorRegistry.Get<TKey>() or GetAsync<TKey>()).

/// <summary>The static definition directory (StaticDirectory).</summary>
public sealed class StaticDirectoryKey;

/// <summary>The DHCP request handler; registered once the sockets open (after the pools recovered). FlushStaticCache
/// sent here has SIGHUP's whole effect: the blocklist is cleared and the static cache dropped.</summary>
public sealed class DhcpHandlerKey;

/// <summary>The keeper of this member's bucket table.</summary>
public sealed class BucketTableKeeperKey;

/// <summary>The webhook notifier; registered only when a webhook URL is set.</summary>
public sealed class WebhookNotifierKey;

/// <summary>The refused-member downing actor; registered only when staticdhcpd.cluster.down-refused-members is on.</summary>
public sealed class RefusedMemberDowningKey;

/// <summary>The pool shard region (GetPoolStatus, GetLeases); registered only when pools are configured.</summary>
public sealed class PoolRegionKey;

/// <summary>The lease (bucket) shard region; registered only when pools are configured.</summary>
public sealed class LeaseRegionKey;

/// <summary>The node's ArpService (pool scans, conflict-check probes); registered only when pools are configured.</summary>
public sealed class ArpServiceKey;
