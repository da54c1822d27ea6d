using System.Net;

namespace StaticDhcpd.Node.Configuration;

/// <summary><c>staticdhcpd.management</c>: where the management HTTP listens (Kestrel) and the token its mutating
/// requests need. <see cref="Port"/> 0 = no listener (the node serves DHCP without management HTTP).</summary>
public sealed record ManagementSettings(string Hostname, int Port, string Token)
{
    public static readonly ManagementSettings Default = new("127.0.0.1", 8558, "");

    public bool Enabled => Port != 0;

    /// <summary>True when only this machine can reach it: "localhost" or a loopback address.</summary>
    public static bool IsLoopback(string hostname) =>
        hostname.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(hostname, out var a) && IPAddress.IsLoopback(a));

    /// <summary>The URL a client on this machine uses (ctl's default endpoint); a wildcard listener is reached on loopback.</summary>
    public string LocalUrl => $"http://{(Hostname is "0.0.0.0" or "*" or "::" ? "127.0.0.1" : Hostname.Contains(':') ? $"[{Hostname}]" : Hostname)}:{Port}";
}
