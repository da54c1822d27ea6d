using Akka.Configuration;
using ConfigurationException = StaticDhcpd.Node.Configuration.ConfigurationException;
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

    /// <summary>The management keys of a config file merged over the embedded default; only these keys are read.</summary>
    public static (string Host, int Port, string? Token) ReadManagement(string? configPath)
    {
        string? text = null;
        if (configPath is not null)
        {
            if (!File.Exists(configPath)) throw new ConfigurationException(configPath, "configuration file not found");
            text = File.ReadAllText(configPath);
        }
        Config merged;
        try
        {
            var embedded = ConfigurationFactory.ParseString(NodeConfigurationLoader.EmbeddedText());
            merged = text is null ? embedded : ConfigurationFactory.ParseString(text).WithFallback(embedded);
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            throw new ConfigurationException(configPath ?? NodeConfigurationLoader.EmbeddedSource, $"cannot parse: {e.Message.Split('\n')[0]}");
        }
        var host = merged.GetString("staticdhcpd.management.hostname", DefaultHost);
        if (string.IsNullOrWhiteSpace(host) || host is "0.0.0.0" or "*" or "+") host = DefaultHost;
        if (host is "::" or "[::]") host = "::1";
        var portText = merged.GetString("staticdhcpd.management.port", DefaultPort.ToString());
        if (!int.TryParse(portText, out var port) || port is < 1 or > 65535)
            throw new ConfigurationException("staticdhcpd.management.port", $"expected an integer from 1 to 65535, got '{portText}'");
        var token = merged.GetString("staticdhcpd.management.token", "");
        return (host, port, token);
    }

    private static string Bracket(string host) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
}
