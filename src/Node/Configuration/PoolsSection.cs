using StaticDhcpd.Actors.Arp;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Node.Configuration;

/// <summary>
/// Reads <c>staticdhcpd.pools</c>. HOCON gives list elements no fallback, so each optional pool key's
/// default lives here (the same as <see cref="PoolSettings"/>'s). Checks across pools: unique names and
/// no address in two ranges, because two pools owning one address could bind it to two clients.
/// </summary>
internal static class PoolsSection
{
    private static readonly string[] Keys =
    [
        "name", "subnet", "ranges", "lease-time", "routers", "dns-servers", "domain-name", "ntp-servers",
        "hostname-prefix", "decline-probation", "max-renewals", "use-client-hostname", "arp-scan", "conflict-check",
    ];

    private static readonly string[] ArpScanKeys = ["on-start", "rate", "retries", "timeout", "interval"];

    public static IReadOnlyList<PoolSettings> Read(HoconSection parent)
    {
        var pools = new List<PoolSettings>();
        var owners = new List<(string Path, Ipv4Address First, Ipv4Address Last)>();
        foreach (var s in parent.SectionList("pools", Keys))
        {
            var pool = ReadOne(s);
            if (pools.FirstOrDefault(p => p.Name == pool.Name) is not null)
                throw new ConfigurationException(s.KeyPath("name"), $"pool name '{pool.Name}' is used twice");
            for (int i = 0; i < pool.Ranges.Count; i++)
            {
                var (first, last) = pool.Ranges[i];
                var path = $"{s.KeyPath("ranges")}[{i}]";
                var clash = owners.FirstOrDefault(o => first.Value <= o.Last.Value && o.First.Value <= last.Value);
                if (clash.Path is not null)
                    throw new ConfigurationException(path, $"{first}-{last} overlaps {clash.Path} ({clash.First}-{clash.Last})");
                owners.Add((path, first, last));
            }
            pools.Add(pool);
        }
        return pools;
    }

    private static PoolSettings ReadOne(HoconSection s)
    {
        var defaults = new PoolSettings { Name = "", Subnet = default, Ranges = [] };
        var name = s.String("name").Trim();
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new ConfigurationException(s.KeyPath("name"),
                $"expected a non-empty name of letters, digits, '-', '_' or '.', got '{name}'");

        var subnetText = s.String("subnet");
        if (!Ipv4Subnet.TryParse(subnetText, out var subnet))
            throw new ConfigurationException(s.KeyPath("subnet"), $"expected a network such as 10.77.0.0/16 (host bits zero), got '{subnetText}'");

        var ranges = s.List("ranges", null, "address ranges such as \"10.77.100.10-10.77.100.250\"", (path, text) => Range(path, text, subnet));
        if (ranges.Count == 0) throw new ConfigurationException(s.KeyPath("ranges"), "at least one range is needed");

        var hostnamePrefix = s.String("hostname-prefix", defaults.HostnamePrefix).Trim();
        if (hostnamePrefix.Length > 0 && !IsDnsLabel(hostnamePrefix, 40))
            throw new ConfigurationException(s.KeyPath("hostname-prefix"), $"expected letters, digits and '-' (at most 40), got '{hostnamePrefix}'");
        var domainName = s.String("domain-name", defaults.DomainName).Trim().TrimEnd('.');
        if (domainName.Length > 0 && (domainName.Length > 253 || !domainName.Split('.').All(l => IsDnsLabel(l, 63))))
            throw new ConfigurationException(s.KeyPath("domain-name"), $"expected a DNS domain such as lan.example, got '{domainName}'");

        return new PoolSettings
        {
            Name = name,
            Subnet = subnet,
            Ranges = ranges,
            LeaseTime = s.Duration("lease-time", defaults.LeaseTime, positive: true),
            Routers = s.Ipv4List("routers", defaults.Routers),
            DnsServers = s.Ipv4List("dns-servers", defaults.DnsServers),
            DomainName = domainName,
            NtpServers = s.Ipv4List("ntp-servers", defaults.NtpServers),
            HostnamePrefix = hostnamePrefix,
            DeclineProbation = s.Duration("decline-probation", defaults.DeclineProbation),
            MaxRenewals = s.NonNegativeInt("max-renewals", defaults.MaxRenewals),
            UseClientHostname = s.Bool("use-client-hostname", defaults.UseClientHostname),
            ArpScan = s.Has("arp-scan") ? ArpScan(s.Section("arp-scan", ArpScanKeys)) : defaults.ArpScan,
            ConflictCheck = s.Bool("conflict-check", defaults.ConflictCheck),
        };
    }

    /// <summary><c>arp-scan = { on-start, rate, retries, timeout, interval }</c>; interval is off or a duration.</summary>
    private static ArpScanSettings ArpScan(HoconSection a)
    {
        var d = ArpScanSettings.Default;
        return new ArpScanSettings
        {
            OnStart = a.Bool("on-start", d.OnStart),
            Rate = a.IntInRange("rate", 1, 10_000, d.Rate),
            Retries = a.IntInRange("retries", 0, 10, d.Retries),
            Timeout = a.Duration("timeout", d.Timeout, positive: true),
            Interval = a.DurationOrOff("interval", d.Interval),
        };
    }

    /// <summary>"a-b" or a single address; inside the subnet and clear of its network and broadcast addresses.</summary>
    private static (Ipv4Address First, Ipv4Address Last) Range(string path, string text, Ipv4Subnet subnet)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2
            || !Ipv4Address.TryParse(parts[0], out var first)
            || !Ipv4Address.TryParse(parts[^1], out var last))
            throw new ConfigurationException(path, $"expected a range such as 10.77.100.10-10.77.100.250, got '{text}'");
        if (first.CompareTo(last) > 0)
            throw new ConfigurationException(path, $"first address {first} is after last address {last}");
        if (!subnet.Contains(first) || !subnet.Contains(last))
            throw new ConfigurationException(path, $"{text} is not inside the pool's subnet {subnet}");
        // /31 and /32 have no network or broadcast address to avoid (RFC 3021).
        if (subnet.PrefixLength <= 30 && (first == subnet.Network || last == subnet.Broadcast))
            throw new ConfigurationException(path, $"{text} includes the network or broadcast address of {subnet}");
        return (first, last);
    }

    private static bool IsDnsLabel(string label, int maxLength) =>
        label.Length > 0 && label.Length <= maxLength && label[0] != '-' && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
