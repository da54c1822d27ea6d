using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Messages.Pools;

/// <summary>
/// An unknown client's packet, sent through the lease shard region to the lease entity of the client's bucket (the
/// client key hashed into its pool's buckets), which decides and answers. The one request shape between the request
/// handler and the entity. <paramref name="RequestedAddress"/> is option 50 (DISCOVER, SELECTING, INIT-REBOOT,
/// DECLINE); <paramref name="ClientAddress"/> is ciaddr (RENEW, REBIND, RELEASE, INFORM); <paramref name="Xid"/> lets
/// the entity answer a request that reached several nodes once. The reply is a <see cref="LeaseReply"/> carrying
/// <paramref name="CorrelationId"/> back.
/// </summary>
public sealed record LeaseRequest(
    string Pool,
    string ClientKey,
    MacAddress Mac,
    DhcpMethod Method,
    Ipv4Address? RequestedAddress,
    Ipv4Address ClientAddress,
    string? ClientHostname,
    uint Xid,
    long CorrelationId) : IPoolProtocolMessage;

public enum LeaseOutcome
{
    /// <summary>DHCPOFFER: the address is held for the client for a short time, nothing is persisted.</summary>
    Offer,
    /// <summary>DHCPACK: the grant is durable in the journal.</summary>
    Ack,
    /// <summary>DHCPNAK.</summary>
    Nak,
    /// <summary>No reply on the wire (RELEASE, DECLINE, exhausted pool, blocked client, failed journal write, a request
    /// another node has answered).</summary>
    Silent,
}

/// <summary>The decision for one <see cref="LeaseRequest"/>. <paramref name="Reason"/> says why for Nak/Silent (logs).</summary>
public sealed record LeaseReply(
    long CorrelationId,
    LeaseOutcome Outcome,
    Ipv4Address Address,
    TimeSpan LeaseTime,
    string? Hostname,
    string? Reason) : IPoolProtocolMessage;
