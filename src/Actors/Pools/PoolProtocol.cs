using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Pools;

// Between a LeaseEntity and its PoolEntity (through the pool region, so possibly across nodes).

/// <summary>A client's request as the lease entity forwards it. <paramref name="Preferred"/> is the client's previous
/// address (from its lease record), offered again when still free. <paramref name="Token"/> matches the decision.</summary>
public sealed record PoolCommand(
    string Pool,
    string ClientKey,
    MacAddress Mac,
    DhcpMethod Method,
    Ipv4Address? Requested,
    Ipv4Address ClientAddress,
    string? ClientHostname,
    Ipv4Address? Preferred,
    long Token) : IClusterMessage;

/// <summary>Operator/registration: end the client's binding and clear its block.</summary>
public sealed record PoolReleaseClient(string Pool, string ClientKey, long Token) : IClusterMessage;

/// <summary>How the client's binding changed with a decision (what the lease entity records).</summary>
public enum BindingChange
{
    None,
    Bound,
    Released,
    Declined,
    Blocked,
}

/// <summary>The pool's answer to <see cref="PoolCommand"/> / <see cref="PoolReleaseClient"/>. Sent only once the
/// events behind it are durable.</summary>
public sealed record PoolDecision(
    long Token,
    LeaseOutcome Outcome,
    Ipv4Address Address,
    TimeSpan LeaseTime,
    DateTimeOffset? ExpiresAt,
    string? Hostname,
    string? Reason,
    BindingChange Change,
    int Renewals) : IClusterMessage;

/// <summary>The pool found the client's lease expired: may it reclaim the address? (through the lease region)</summary>
public sealed record ConfirmExpiry(string Pool, string ClientKey, Ipv4Address Address, DateTimeOffset ExpiresAt) : IClusterMessage;

/// <summary><paramref name="Confirmed"/> false: a request of this client for the address is on its way to the pool.</summary>
public sealed record ExpiryConfirmation(string Pool, string ClientKey, Ipv4Address Address, bool Confirmed) : IClusterMessage;

/// <summary>A client's record (binding, renewals, history), which the pool keeps (through the pool region). The lease
/// entity forwards <see cref="GetClientLease"/> as this; the pool answers the original asker with a
/// <see cref="ClientLeaseRecord"/> once what it shows is durable.</summary>
public sealed record PoolGetClient(string Pool, string ClientKey) : IClusterMessage;
