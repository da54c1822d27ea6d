using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Pools;

// Lease events, in a bucket's journal (and, from before buckets existed, in a pool's: PoolEntity migrates them).
// Each event is the durable fact a reply depends on: an ACK is sent only after its AddressBound is written. Offers are
// not events (a lost offer costs a client one more DISCOVER, nothing else). Every client's own record (LeaseRecord:
// binding, renewals, history) is derived from these events too (ClientBook), so a new client costs no journal read
// and no write of its own.

public interface IPoolEvent : IBucketEvent;

/// <summary>A grant or an extension (renewal, rebind, re-request): <paramref name="Address"/> belongs to the client
/// until <paramref name="ExpiresAt"/>. A client holds one address per pool: a previous one is freed by this event.</summary>
public sealed record AddressBound(
    Ipv4Address Address,
    string ClientKey,
    MacAddress Mac,
    DateTimeOffset At,
    DateTimeOffset ExpiresAt,
    string? Hostname,
    int Renewals) : IPoolEvent;

public sealed record AddressReleased(Ipv4Address Address, string ClientKey, DateTimeOffset At) : IPoolEvent;

/// <summary>The client found the address in use (DHCPDECLINE): out of circulation until <paramref name="ProbationUntil"/>.</summary>
public sealed record AddressDeclined(Ipv4Address Address, string ClientKey, DateTimeOffset At, DateTimeOffset ProbationUntil) : IPoolEvent;

/// <summary>The lease ran out: the address is free again.</summary>
public sealed record AddressExpired(Ipv4Address Address, string ClientKey, DateTimeOffset At) : IPoolEvent;

/// <summary>Something answered ARP for a free address: out of circulation until <paramref name="Until"/>.</summary>
public sealed record AddressSeenInUse(Ipv4Address Address, MacAddress Mac, DateTimeOffset At, DateTimeOffset Until) : IPoolEvent;

/// <summary>max-renewals reached: the client's binding (if any) ends and it gets nothing until released by an operator
/// or the registration flow (<see cref="ClientUnblocked"/>).</summary>
public sealed record ClientBlocked(string ClientKey, Ipv4Address? Address, DateTimeOffset At) : IPoolEvent;

public sealed record ClientUnblocked(string ClientKey, DateTimeOffset At) : IPoolEvent;

/// <summary>An operator or the registration flow released the client: its binding (<paramref name="Address"/>, null
/// when it held none) ends and its max-renewals block is cleared. One event, so the client's history can tell this
/// from the client's own RELEASE. (Journals from before this event hold AddressReleased + ClientUnblocked instead.)</summary>
public sealed record ClientReleased(string ClientKey, Ipv4Address? Address, DateTimeOffset At) : IPoolEvent;
