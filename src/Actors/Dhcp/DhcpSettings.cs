using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Dhcp;

/// <summary>
/// <c>staticdhcpd.dhcp</c>: served interfaces, identity and staticDHCPd's behaviour flags (same names and defaults).
/// </summary>
public sealed record DhcpSettings
{
    public IReadOnlyList<string> Interfaces { get; init; } = ["eth0"];
    /// <summary>Null: the first IPv4 address of the first interface, resolved at start-up.</summary>
    public Ipv4Address? ServerIp { get; init; }
    public bool Authoritative { get; init; }
    public bool NakRenewals { get; init; }
    public bool RapidCommit { get; init; } = true;
    public bool AllowLocal { get; init; } = true;
    public bool AllowRelays { get; init; }
    public IReadOnlyList<Ipv4Address> AllowedRelays { get; init; } = [];
    public int SuspendThreshold { get; init; } = 10;
    public TimeSpan MisbehavingClientTimeout { get; init; } = TimeSpan.FromSeconds(150);
    public TimeSpan UnauthorizedClientTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Off: replies to clients without an address are broadcast instead of sent as raw frames to chaddr.</summary>
    public bool RawL2Replies { get; init; } = true;
}
