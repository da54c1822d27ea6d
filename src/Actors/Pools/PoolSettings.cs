using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Pools;

/// <summary>
/// One entry of <c>staticdhcpd.pools</c>: a dynamic pool for clients the static database does not know.
/// Validated by the node's configuration loader (ranges inside the subnet, no overlap between pools).
/// </summary>
public sealed record PoolSettings
{
    /// <summary>Unique; the pool's entity id, so renaming a pool orphans its persisted leases.</summary>
    public required string Name { get; init; }
    public required Ipv4Subnet Subnet { get; init; }
    /// <summary>Inclusive ranges, First ≤ Last, all inside <see cref="Subnet"/>, none overlapping another's.</summary>
    public required IReadOnlyList<(Ipv4Address First, Ipv4Address Last)> Ranges { get; init; }
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromHours(1);
    public IReadOnlyList<Ipv4Address> Routers { get; init; } = [];
    public IReadOnlyList<Ipv4Address> DnsServers { get; init; } = [];
    /// <summary>"" = no option 15.</summary>
    public string DomainName { get; init; } = "";
    public IReadOnlyList<Ipv4Address> NtpServers { get; init; } = [];
    /// <summary>"" = no hostname is given; otherwise prefix-a-b-c-d (staticDHCPd's form).</summary>
    public string HostnamePrefix { get; init; } = "";
    /// <summary>How long a DECLINEd address stays out of the pool.</summary>
    public TimeSpan DeclineProbation { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Renewals allowed per lease before the client is refused; 0 = no limit.</summary>
    public int MaxRenewals { get; init; }
    /// <summary>Echo the client's own hostname (option 12) instead of deriving one from the prefix.</summary>
    public bool UseClientHostname { get; init; }
    /// <summary>When and how fast the pool's ranges are ARP-scanned (<c>arp-scan = { … }</c>).</summary>
    public Arp.ArpScanSettings ArpScan { get; init; } = Arp.ArpScanSettings.Default;
    /// <summary>ARP-probe an address before it is offered; an answer marks it in use and another is offered.</summary>
    public bool ConflictCheck { get; init; }
}
