using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Pools;

/// <summary>Counts for one pool (pool region). Answered with <see cref="PoolStatus"/>.</summary>
public sealed record GetPoolStatus(string Pool) : IPoolProtocolMessage;

/// <summary>Declined = on decline probation; InUse = seen in use by the ARP scanner while free;
/// ExhaustedRequests = DISCOVERs that found nothing free since the pool entity started (a metric).</summary>
public sealed record PoolStatus(
    string Pool,
    int Total,
    int Free,
    int Offered,
    int Bound,
    int Declined,
    int InUse,
    int BlockedClients,
    long ExhaustedRequests) : IPoolProtocolMessage;

/// <summary>Every address of a pool that is not free (pool region). Answered with <see cref="PoolLeases"/>.</summary>
public sealed record GetLeases(string Pool) : IPoolProtocolMessage;

public enum AddressState
{
    Offered,
    Bound,
    Declined,
    InUse,
}

/// <summary><paramref name="ClientKey"/> is null for InUse; <paramref name="Until"/> is the lease expiry, the end of an
/// offer's hold, or the end of probation.</summary>
public sealed record LeaseInfo(
    Ipv4Address Address,
    string? ClientKey,
    MacAddress? Mac,
    DateTimeOffset Until,
    AddressState State,
    string? Hostname) : IPoolProtocolMessage;

public sealed record PoolLeases(string Pool, IReadOnlyList<LeaseInfo> Leases) : IPoolProtocolMessage;

/// <summary>One client's record as its lease entity holds it (lease region). Answered with <see cref="ClientLeaseRecord"/>.</summary>
public sealed record GetClientLease(string Pool, string ClientKey) : IPoolProtocolMessage;

public sealed record LeaseHistoryEntry(DateTimeOffset At, string Event, Ipv4Address Address) : IPoolProtocolMessage;

/// <summary><paramref name="Address"/> is null when the client holds no binding; <paramref name="History"/> is newest last, bounded.</summary>
public sealed record ClientLeaseRecord(
    string Pool,
    string ClientKey,
    MacAddress? Mac,
    Ipv4Address? Address,
    DateTimeOffset? ExpiresAt,
    int Renewals,
    Ipv4Address? LastAddress,
    IReadOnlyList<LeaseHistoryEntry> History) : IPoolProtocolMessage;
