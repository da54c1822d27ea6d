using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Node.Api;

/// <summary>
/// What <c>/api/v1/leases/{key}</c> names: an address (dotted quad), a MAC, or a client id (option 61 as hex, colons
/// allowed). A six-byte client id reads like a MAC: such a key matches either. Pure, so the matching is tested alone.
/// </summary>
public sealed record LeaseKey(string Text, Ipv4Address? Address, MacAddress? Mac, string? ClientKey)
{
    public static LeaseKey? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (Ipv4Address.TryParse(t, out var a)) return new LeaseKey(t, a, null, null);
        MacAddress? mac = MacAddress.TryParse(t, out var m) ? m : null;
        var hex = t.Replace(":", "").Replace("-", "");
        string? clientKey = hex.Length > 0 && hex.Length % 2 == 0 && hex.All(char.IsAsciiHexDigit) ? hex.ToLowerInvariant() : null;
        return mac is null && clientKey is null ? null : new LeaseKey(t, null, mac, clientKey);
    }

    public bool Matches(LeaseInfo l) =>
        (Address is { } a && l.Address == a)
        || (Mac is { } m && l.Mac == m)
        || (ClientKey is { } k && l.ClientKey == k);

    /// <summary>The client id of a lease's client key as colon hex; null for a key made from the MAC.</summary>
    public static string? ClientIdOf(string? clientKey)
    {
        if (clientKey is null || clientKey.StartsWith("mac:", StringComparison.Ordinal)) return null;
        return string.Join(':', Enumerable.Range(0, clientKey.Length / 2).Select(i => clientKey.Substring(2 * i, 2)));
    }
}
