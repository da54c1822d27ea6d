using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Webhook;

// Named "...Notice" because StaticDhcpd.Actors.Pools already has persisted events called LeaseGranted: these are
// what the operator is told, those are what the journal keeps.

/// <summary>
/// A client got a binding (the ACK is durable). Published for a new binding, not for each renewal: renewals of
/// every client at T1 would flood the endpoint and tell the operator nothing new.
/// </summary>
public sealed record LeaseGrantedNotice(
    MacAddress Mac,
    string ClientKey,
    string Pool,
    Ipv4Address Address,
    TimeSpan LeaseTime,
    DateTimeOffset ExpiresAt,
    DateTimeOffset Time) : IWebhookNotice;

/// <summary>The client sent RELEASE and the address is free again.</summary>
public sealed record LeaseReleasedNotice(
    MacAddress Mac,
    string ClientKey,
    string Pool,
    Ipv4Address Address,
    DateTimeOffset Time) : IWebhookNotice;

/// <summary>The lease ran out without a renewal and the pool took the address back.</summary>
public sealed record LeaseExpiredNotice(
    MacAddress Mac,
    string ClientKey,
    string Pool,
    Ipv4Address Address,
    DateTimeOffset ExpiredAt,
    DateTimeOffset Time) : IWebhookNotice;

/// <summary>The client sent DECLINE (the address answered ARP for someone else): the address is on probation until
/// <paramref name="ProbationUntil"/>.</summary>
public sealed record LeaseDeclinedNotice(
    MacAddress Mac,
    string ClientKey,
    string Pool,
    Ipv4Address Address,
    DateTimeOffset ProbationUntil,
    DateTimeOffset Time) : IWebhookNotice;
