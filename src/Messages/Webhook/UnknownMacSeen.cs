using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Webhook;

/// <summary>
/// A client without a static definition asked for an address: the start of the "register your machine" flow.
/// Publish for every such request; the notifier sends one per MAC per window, so a client repeating DISCOVER
/// does not flood the operator.
/// </summary>
/// <param name="Interface">The served interface the packet came in on.</param>
/// <param name="Relay">giaddr when a relay forwarded the packet, else null.</param>
/// <param name="Pool">The dynamic pool that serves the client's segment, or null when none does.</param>
/// <param name="Hostname">The client's option 12, if it sent one.</param>
public sealed record UnknownMacSeen(
    MacAddress Mac,
    string? Interface,
    Ipv4Address? Relay,
    string? Pool,
    string? Hostname,
    DateTimeOffset Time) : IWebhookNotice;
