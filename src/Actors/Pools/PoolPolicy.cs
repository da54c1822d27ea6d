using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Pools;

/// <summary>What PoolDecider needs from a pool's configuration, in one place (built from PoolSettings by
/// <see cref="From"/>). <paramref name="OfferHold"/>: how long an offered address is kept for the client.</summary>
public sealed record PoolPolicy(
    string Name,
    IReadOnlyList<Ipv4Address> Addresses,
    TimeSpan LeaseTime,
    TimeSpan DeclineProbation,
    int MaxRenewals,
    string? HostnamePrefix,
    bool UseClientHostname)
{
    public static readonly TimeSpan DefaultOfferHold = TimeSpan.FromSeconds(30);

    public TimeSpan OfferHold { get; init; } = DefaultOfferHold;

    /// <summary>When and how fast the pool's ranges are ARP-scanned (its PoolEntity asks the node's ArpService).</summary>
    public Arp.ArpScanSettings ArpScan { get; init; } = Arp.ArpScanSettings.Default;

    /// <summary>ARP-probe an address before offering it (the bucket asks the node's ArpService).</summary>
    public bool ConflictCheck { get; init; }

    private HashSet<Ipv4Address>? _members;

    /// <summary>Whether <paramref name="a"/> is one of the pool's configured addresses.</summary>
    public bool Contains(Ipv4Address a) => (_members ??= Addresses.ToHashSet()).Contains(a);

    /// <summary>The pool's policy from its configuration; the subnet's network and broadcast addresses are never handed out.</summary>
    public static PoolPolicy From(PoolSettings s) => new(
        s.Name,
        Enumerate(s.Ranges).Where(a => a != s.Subnet.Network && a != s.Subnet.Broadcast || s.Subnet.PrefixLength >= 31).ToList(),
        s.LeaseTime,
        s.DeclineProbation,
        s.MaxRenewals,
        s.HostnamePrefix,
        s.UseClientHostname)
    {
        ArpScan = s.ArpScan,
        ConflictCheck = s.ConflictCheck,
    };

    /// <summary>Every address of inclusive ranges, in order, without duplicates.</summary>
    public static IReadOnlyList<Ipv4Address> Enumerate(IEnumerable<(Ipv4Address First, Ipv4Address Last)> ranges)
    {
        var seen = new HashSet<Ipv4Address>();
        var list = new List<Ipv4Address>();
        foreach (var (first, last) in ranges)
            for (ulong v = first.Value; v <= last.Value; v++)
                if (seen.Add(new Ipv4Address((uint)v))) list.Add(new Ipv4Address((uint)v));
        return list;
    }

    /// <summary>staticDHCPd's "&lt;prefix&gt;-a-b-c-d", or the client's option 12 when the pool trusts it — as a valid
    /// host label (<see cref="ToHostLabel"/>); a client name with nothing usable in it falls back to the prefix form.</summary>
    public string? HostnameFor(Ipv4Address a, string? clientHostname)
    {
        if (UseClientHostname && ToHostLabel(clientHostname) is { } own) return own;
        if (string.IsNullOrWhiteSpace(HostnamePrefix)) return null;
        return $"{HostnamePrefix}-{a.ToString().Replace('.', '-')}";
    }

    /// <summary>The first label of a client-supplied name, reduced to what RFC 1123 allows (letters, digits, inner
    /// hyphens; at most 63 characters); null when nothing is left. The name is echoed in option 12 and may end up in
    /// DNS or a dashboard: a client must not be able to put spaces, dots or control characters there.</summary>
    public static string? ToHostLabel(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var first = name.Trim().Split('.')[0];
        var chars = new System.Text.StringBuilder(Math.Min(first.Length, 63));
        foreach (var ch in first)
        {
            var ok = ch is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
            if (ok) chars.Append(ch);
            else if (chars.Length > 0 && chars[^1] != '-') chars.Append('-');
            if (chars.Length == 63) break;
        }
        var label = chars.ToString().Trim('-');
        return label.Length == 0 ? null : label;
    }
}
