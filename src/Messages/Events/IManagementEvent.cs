namespace StaticDhcpd.Messages.Events;

/// <summary>
/// Something the management event stream (<c>GET /api/v1/events</c>) carries. Each node forwards its own to the
/// cluster (DistributedPubSub topic <see cref="EventTopic.Name"/>), so these records cross nodes: the node binds
/// this marker to its explicit serializer, and every implementing type needs a manifest there.
/// </summary>
public interface IManagementEvent
{
    /// <summary>When it happened (UTC).</summary>
    DateTimeOffset Time { get; }
}

public static class EventTopic
{
    /// <summary>The DistributedPubSub topic every node publishes its management events to.</summary>
    public const string Name = "events";
}
