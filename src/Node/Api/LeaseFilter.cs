using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Node.Api;

/// <summary>The filters of <c>GET /api/v1/leases</c>, parsed and checked (a bad value is named in a 400), and applied to
/// the leases of the pools asked. Pure.</summary>
public sealed record LeaseFilter(string? Pool, AddressState? State, MacAddress? Mac, string? Search, int Offset, int Limit)
{
    public const int MaxLimit = 10_000;

    public static readonly IReadOnlyDictionary<string, AddressState> StateNames = new Dictionary<string, AddressState>
    {
        ["offered"] = AddressState.Offered,
        ["bound"] = AddressState.Bound,
        ["declined"] = AddressState.Declined,
        ["in-use"] = AddressState.InUse,
    };

    public static string NameOf(AddressState s) => StateNames.First(kv => kv.Value == s).Key;

    /// <summary>The filter, or the message of a 400.</summary>
    public static (LeaseFilter? Filter, string? Error) Parse(string? pool, string? state, string? mac, string? search,
        int? offset, int? limit)
    {
        AddressState? st = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!StateNames.TryGetValue(state, out var s))
                return (null, $"state '{state}' is not one of {string.Join(", ", StateNames.Keys)}");
            st = s;
        }
        MacAddress? m = null;
        if (!string.IsNullOrEmpty(mac))
        {
            if (!MacAddress.TryParse(mac, out var parsed)) return (null, $"mac '{mac}' is not a MAC address");
            m = parsed;
        }
        if (offset is < 0) return (null, "offset must be 0 or more");
        if (limit is < 1 or > MaxLimit) return (null, $"limit must be between 1 and {MaxLimit}");
        return (new LeaseFilter(string.IsNullOrEmpty(pool) ? null : pool, st, m, string.IsNullOrEmpty(search) ? null : search,
            offset ?? 0, limit ?? 100), null);
    }

    public bool Matches(LeaseInfo l) =>
        (State is not { } s || l.State == s)
        && (Mac is not { } m || l.Mac == m)
        && (Search is not { } q || l.Address.ToString().Contains(q, StringComparison.OrdinalIgnoreCase)
            || (l.Mac?.ToString().Contains(q, StringComparison.OrdinalIgnoreCase) ?? false)
            || (LeaseKey.ClientIdOf(l.ClientKey)?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false)
            || (l.Hostname?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false));
}
