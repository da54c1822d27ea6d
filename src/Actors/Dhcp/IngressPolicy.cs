using StaticDhcpd.Messages.Dhcp;

namespace StaticDhcpd.Actors.Dhcp;

/// <summary>staticDHCPd's source policy: ALLOW_LOCAL_DHCP, ALLOW_DHCP_RELAYS and ALLOWED_DHCP_RELAYS.</summary>
public static class IngressPolicy
{
    /// <returns>Null when the packet may be served, else why not.</returns>
    public static string? Refusal(DhcpPacket p, DhcpSettings s)
    {
        if (p.RelayAddress.IsAny)
            return s.AllowLocal ? null : "local requests are not allowed (allow-local = off)";
        if (!s.AllowRelays) return $"relayed requests are not allowed (allow-relays = off), giaddr {p.RelayAddress}";
        if (s.AllowedRelays.Count > 0 && !s.AllowedRelays.Contains(p.RelayAddress))
            return $"relay {p.RelayAddress} is not in allowed-relays";
        return null;
    }
}
