namespace StaticDhcpd.Actors.Arp;

/// <summary>A pool's <c>arp-scan = { … }</c>. <see cref="Rate"/>: ARP requests per second on the segment (100 by
/// default: a /24 in about three seconds, a /16 in eleven minutes, far below what a switch or a host notices);
/// <see cref="Retries"/>: further requests to an address that has not answered after <see cref="Timeout"/>;
/// <see cref="Interval"/>: null = no periodic scan.</summary>
public sealed record ArpScanSettings
{
    public bool OnStart { get; init; }
    public int Rate { get; init; } = 100;
    public int Retries { get; init; } = 1;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan? Interval { get; init; }

    public static readonly ArpScanSettings Default = new();
}
