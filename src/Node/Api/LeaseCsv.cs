using System.Globalization;
using System.Text;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Node.Api;

/// <summary>
/// Leases in Kea's memfile lease4 CSV (what kea-dhcp4 writes to kea-leases4.csv and kea-admin lease-upload reads).
/// Bound leases are state 0, declined addresses state 1; offers and addresses seen in use are not leases in Kea and are
/// left out. valid_lifetime is the pool's lease time (its decline probation for a declined address), expire the end in
/// unix seconds; subnet_id is the pool's position in the configuration; no DNS updates (fqdn_fwd, fqdn_rev 0).
/// </summary>
public static class LeaseCsv
{
    public const string Header =
        "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id";

    public static string Write(IEnumerable<PoolLease> leases, Func<Actors.Pools.PoolSettings, int> subnetId)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var l in leases.OrderBy(l => l.Lease.Address))
        {
            var (state, lifetime) = l.Lease.State switch
            {
                AddressState.Bound => (0, l.Pool.LeaseTime),
                AddressState.Declined => (1, l.Pool.DeclineProbation),
                _ => (-1, TimeSpan.Zero),
            };
            if (state < 0) continue;
            sb.Append(l.Lease.Address).Append(',')
                .Append(l.Lease.Mac?.ToString() ?? "").Append(',')
                .Append(LeaseKey.ClientIdOf(l.Lease.ClientKey) ?? "").Append(',')
                .Append(((long)lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(l.Lease.Until.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(subnetId(l.Pool).ToString(CultureInfo.InvariantCulture)).Append(",0,0,")
                .Append(Escape(l.Lease.Hostname)).Append(',')
                .Append(state.ToString(CultureInfo.InvariantCulture)).Append(",,0\n");
        }
        return sb.ToString();
    }

    /// <summary>Kea's CSV writes a comma inside a field as <c>&amp;#x2c</c>. (Pool hostnames are host labels and hold
    /// none; this keeps a column from ever splitting.)</summary>
    private static string Escape(string? s) => s is null ? "" : s.Replace(",", "&#x2c");
}
