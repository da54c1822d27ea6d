using StaticDhcpd.Actors.Dhcp;

namespace StaticDhcpd.Node.Configuration;

/// <summary>Reads <c>staticdhcpd.dhcp</c>.</summary>
internal static class DhcpSection
{
    public static DhcpSettings Read(HoconSection parent)
    {
        var s = parent.Section("dhcp",
            "interfaces", "server-ip", "authoritative", "nak-renewals", "rapid-commit", "allow-local", "allow-relays",
            "allowed-relays", "suspend-threshold", "misbehaving-client-timeout", "unauthorized-client-timeout", "raw-l2-replies");

        var interfaces = s.StringList("interfaces");
        if (interfaces.Count == 0) throw new ConfigurationException(s.KeyPath("interfaces"), "at least one interface is needed");
        for (int i = 0; i < interfaces.Count; i++)
        {
            var name = interfaces[i];
            // Linux limits names to 15 bytes (IFNAMSIZ); '/' and blanks can never occur.
            if (name.Length is 0 or > 15 || name.Any(c => char.IsWhiteSpace(c) || c == '/'))
                throw new ConfigurationException($"{s.KeyPath("interfaces")}[{i}]", $"'{name}' is not a network interface name");
            if (interfaces.Take(i).Contains(name))
                throw new ConfigurationException($"{s.KeyPath("interfaces")}[{i}]", $"'{name}' is listed twice");
        }

        return new DhcpSettings
        {
            Interfaces = interfaces,
            ServerIp = s.OptionalIpv4("server-ip"),
            Authoritative = s.Bool("authoritative"),
            NakRenewals = s.Bool("nak-renewals"),
            RapidCommit = s.Bool("rapid-commit"),
            AllowLocal = s.Bool("allow-local"),
            AllowRelays = s.Bool("allow-relays"),
            AllowedRelays = s.Ipv4List("allowed-relays"),
            SuspendThreshold = s.NonNegativeInt("suspend-threshold"),
            MisbehavingClientTimeout = s.Duration("misbehaving-client-timeout"),
            UnauthorizedClientTimeout = s.Duration("unauthorized-client-timeout"),
            RawL2Replies = s.Bool("raw-l2-replies"),
        };
    }
}
