using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Pools;

// A client's own record. Written after the pool's event that made it true is durable (see LeaseEntity).

public interface ILeaseEvent : IPersistedEvent;

public sealed record LeaseGranted(Ipv4Address Address, MacAddress Mac, DateTimeOffset At, DateTimeOffset ExpiresAt,
    string? Hostname, int Renewals) : ILeaseEvent;

/// <summary><paramref name="Reason"/>: released, declined, expired, blocked, released-by-operator.</summary>
public sealed record LeaseEnded(Ipv4Address Address, string Reason, DateTimeOffset At) : ILeaseEvent;
