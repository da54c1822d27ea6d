using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Ctl;

/// <summary>
/// Where ctl talks to: `--endpoint` when given, else the management address of the node whose configuration
/// `--config` names (or the embedded default's): `staticdhcpd.management.hostname` and `port`, 127.0.0.1:8558 when
/// absent. A wildcard listen address means "this machine", so ctl asks loopback. The token defaults to the config's.
/// </summary>
public static class CtlEndpoint
{
    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 8558;

    public static (Uri Endpoint, string? Token) Resolve(string? endpoint, string? token, string? configPath)
    {
        string? configToken = null;
        Uri? uri = null;
        if (endpoint is null || token is null)
        {
            var (host, port, t) = ReadManagement(configPath);
            configToken = t;
            uri = new Uri($"http://{Bracket(host)}:{port}/");
        }
        if (endpoint is not null) uri = Parse(endpoint);
        return (uri!, token ?? (string.IsNullOrEmpty(configToken) ? null : configToken));
    }

    /// <summary>`--endpoint` as given: a URL, or host:port (http assumed).</summary>
    public static Uri Parse(string endpoint)
    {
        var text = endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "http://" + endpoint;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ConfigurationException("--endpoint", $"expected an http(s) URL or host:port, got '{endpoint}'");
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }

    /// <summary>The management section of a config file (validated as `check` does), or of the embedded default.</summary>
    public static (string Host, int Port, string? Token) ReadManagement(string? configPath)
    {
        var m = NodeConfigurationLoader.Load(configPath).Management;
        if (!m.Enabled)
            throw new ConfigurationException("staticdhcpd.management.port", "is 0: that node has no management listener (give --endpoint)");
        var host = m.Hostname;
        if (host is "0.0.0.0" or "*" or "+") host = DefaultHost;   // a wildcard listener is reached on loopback
        if (host is "::" or "[::]") host = "::1";
        return (host, m.Port, m.Token);
    }

    private static string Bracket(string host) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
}
