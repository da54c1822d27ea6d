using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Pools;

// The changes of one client's record (LeaseRecord). ClientBook derives them from the pool's journal events; they are
// no longer journalled on their own (lease entities used to persist them, one journal per client, which cost a
// recovery read for every new client). They keep their serializer manifests so journals that hold them stay readable.

public interface ILeaseEvent : IPersistedEvent;

public sealed record LeaseGranted(Ipv4Address Address, MacAddress Mac, DateTimeOffset At, DateTimeOffset ExpiresAt,
    string? Hostname, int Renewals) : ILeaseEvent;

/// <summary><paramref name="Reason"/>: released, declined, expired, blocked, released-by-operator.</summary>
public sealed record LeaseEnded(Ipv4Address Address, string Reason, DateTimeOffset At) : ILeaseEvent;
