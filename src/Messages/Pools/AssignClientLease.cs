using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Pools;

/// <summary>
/// An operator-made lease: bind <paramref name="Address"/> to the client for <paramref name="LeaseTime"/>, in the
/// bucket the client key hashes to (lease region). The address must be free in the pool (the bucket asks its pool for
/// it when another bucket or the pool holds it) or already the client's; a client's previous binding in the pool ends.
/// <paramref name="Hostname"/> null: the pool's own (prefix-a-b-c-d). <paramref name="FromScan"/>: the MAC answered an
/// ARP scan for the address; when the client already holds it, its binding is left as it is (not extended, no
/// lease-granted event for a lease it has had all along). Answered with <see cref="ClientLeaseAssigned"/>.
/// </summary>
public sealed record AssignClientLease(
    string Pool,
    string ClientKey,
    MacAddress Mac,
    Ipv4Address Address,
    TimeSpan LeaseTime,
    string? Hostname,
    bool FromScan = false) : IPoolProtocolMessage;

/// <summary><paramref name="Refusal"/> null: bound (durably) until <paramref name="ExpiresAt"/>. Otherwise why not:
/// see <see cref="AssignRefusal"/>.</summary>
public sealed record ClientLeaseAssigned(
    string Pool,
    string ClientKey,
    Ipv4Address Address,
    DateTimeOffset? ExpiresAt,
    string? Hostname,
    string? Refusal) : IPoolProtocolMessage;

/// <summary>The stable refusals of <see cref="AssignClientLease"/>.</summary>
public static class AssignRefusal
{
    /// <summary>Bound to, offered to or declined by another client, or seen in use.</summary>
    public const string Taken = "address-taken";
    public const string NotInPool = "not-in-pool";
    /// <summary>The client is blocked (max-renewals): release it first.</summary>
    public const string Blocked = "client-blocked";
    /// <summary>The bucket could not get the address from its pool in time, or its journal write failed.</summary>
    public const string Unavailable = "unavailable";
}
