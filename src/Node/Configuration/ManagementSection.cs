using System.Net;

namespace StaticDhcpd.Node.Configuration;

/// <summary>Reads <c>staticdhcpd.management</c>.</summary>
internal static class ManagementSection
{
    public static ManagementSettings Read(HoconSection parent)
    {
        var d = ManagementSettings.Default;
        if (!parent.Has("management")) return d;
        var s = parent.Section("management", "hostname", "port", "token");
        var hostname = s.String("hostname", d.Hostname).Trim();
        if (hostname.Length == 0)
            throw new ConfigurationException(s.KeyPath("hostname"), "must not be empty (127.0.0.1 = this machine only, 0.0.0.0 = every address)");
        if (hostname != "localhost" && !IPAddress.TryParse(hostname, out _))
            throw new ConfigurationException(s.KeyPath("hostname"), $"expected an IP address to listen on (or localhost), got '{hostname}'");
        var port = s.IntInRange("port", 0, 65535, d.Port);
        var token = s.String("token", d.Token).Trim();
        // GETs show leases and MACs, mutations release leases and down members: off this machine, a token at least.
        if (port != 0 && token.Length == 0 && !ManagementSettings.IsLoopback(hostname))
            throw new ConfigurationException(s.KeyPath("token"),
                $"must be set when hostname '{hostname}' is not a loopback address: every POST, PUT and DELETE then needs it");
        return new ManagementSettings(hostname, port, token);
    }
}
