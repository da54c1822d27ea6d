using System.Reflection;
using System.Text.RegularExpressions;
using Akka.Configuration;

namespace StaticDhcpd.Node.Configuration;

/// <summary>
/// Loads and validates a node's configuration: the operator's file, with the embedded HOCON.conf as
/// fallback for every key it leaves out, then Akka's own defaults. Every problem is reported as a
/// <see cref="ConfigurationException"/> naming the key (or file and line), before any actor starts.
/// </summary>
public static partial class NodeConfigurationLoader
{
    public const string EmbeddedResourceName = "HOCON.conf";
    public const string EmbeddedSource = "embedded HOCON.conf";

    /// <summary>Loads <paramref name="path"/>, or the embedded default alone when it is null.</summary>
    public static NodeConfiguration Load(string? path)
    {
        if (path is null) return FromText(null, null);
        if (Directory.Exists(path)) throw new ConfigurationException(path, "is a directory, not a configuration file");
        if (!File.Exists(path)) throw new ConfigurationException(path, "configuration file not found");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(path, $"cannot read the configuration file: {e.Message}");
        }
        return FromText(text, path) with { Source = path };
    }

    /// <summary>Validates HOCON text as if it were a file named <paramref name="source"/> (null text: embedded only).</summary>
    public static NodeConfiguration FromText(string? text, string? source)
    {
        var embedded = Parse(EmbeddedText(), EmbeddedSource);
        var merged = (text is null ? embedded : Parse(text, source ?? "config").WithFallback(embedded))
            .WithFallback(ConfigurationFactory.Default());
        return Read(merged);
    }

    /// <summary>The default configuration compiled into the executable.</summary>
    public static string EmbeddedText()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"resource {EmbeddedResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Config Parse(string text, string source)
    {
        HoconSyntaxCheck.Check(text, source);
        try
        {
            return ConfigurationFactory.ParseString(text);
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            // Akka's parser reports a character position; an operator wants the line.
            var firstLine = e.Message.Split('\n')[0].Trim();
            var m = Position().Match(firstLine);
            if (m.Success && int.TryParse(m.Groups[1].Value, out var pos))
            {
                pos = Math.Min(pos, text.Length);
                var line = 1 + text.AsSpan(0, pos).Count('\n');
                var at = pos < text.Length && !char.IsWhiteSpace(text[pos]) ? $" '{text[pos]}'" : "";
                return Fail($"{source}:{line}", Position().Replace(firstLine, "").TrimEnd(':', ' ') + at);
            }
            return Fail(source, $"cannot parse: {firstLine}");
        }
    }

    private static Config Fail(string key, string problem) => throw new ConfigurationException(key, problem);

    [GeneratedRegex(@"\s*at position (\d+)")]
    private static partial Regex Position();

    private static NodeConfiguration Read(Config merged)
    {
        var root = HoconSection.Open(merged.GetValue("staticdhcpd"), "staticdhcpd", "data-dir", "dhcp", "static", "pools", "webhook", "persistence", "cluster", "management");
        var dataDir = root.String("data-dir").Trim();
        if (dataDir.Length == 0) throw new ConfigurationException(root.KeyPath("data-dir"), "must not be empty");
        var dhcp = DhcpSection.Read(root);
        var staticSettings = StaticSection.Read(root);
        var pools = PoolsSection.Read(root);
        var webhook = WebhookSection.Read(root);
        var persistence = PersistenceSection.Read(root);
        var management = ManagementSection.Read(root);
        var downRefused = root.Section("cluster", "down-refused-members").Bool("down-refused-members");
        CheckAkka(merged);
        PersistenceSection.CheckSharedJournal(persistence, SeedNodes(merged).Count);
        return new NodeConfiguration(dataDir, dhcp, staticSettings, pools, webhook, merged) { Persistence = persistence, DownRefusedMembers = downRefused, Management = management };
    }

    /// <summary>The few akka keys this node's start-up depends on; Akka checks the rest itself.</summary>
    private static void CheckAkka(Config merged)
    {
        const string provider = "akka.actor.provider";
        var p = merged.GetString(provider, "");
        if (p is not ("cluster" or "Akka.Cluster.ClusterActorRefProvider, Akka.Cluster"))
            throw new ConfigurationException(provider, $"must be cluster: the node always runs as an Akka cluster member, got '{p}'");
        const string port = "akka.remote.dot-netty.tcp.port";
        var portText = merged.GetString(port, "");
        if (!int.TryParse(portText, out var n) || n is < 0 or > 65535)
            throw new ConfigurationException(port, $"expected an integer from 0 to 65535, got '{portText}'");
        const string host = "akka.remote.dot-netty.tcp.hostname";
        if (string.IsNullOrWhiteSpace(merged.GetString(host, "")))
            throw new ConfigurationException(host, "must not be empty");
    }

    private static IList<string> SeedNodes(Config merged) => merged.GetStringList("akka.cluster.seed-nodes", []);

    /// <summary>One line for <c>staticdhcpd check</c> and the start-up log.</summary>
    public static string Summarize(NodeConfiguration c)
    {
        var d = c.Dhcp;
        var serverIp = d.ServerIp?.ToString() ?? "auto";
        var pools = c.Pools.Count == 0
            ? "no pools"
            : $"{c.Pools.Count} pool(s): " + string.Join(", ", c.Pools.Select(p =>
                $"{p.Name} {p.Subnet} ({p.Ranges.Sum(r => (long)r.Last.Value - r.First.Value + 1)} addresses)"));
        var webhook = c.Webhook.Url is null ? "webhook off" : $"webhook {c.Webhook.Url}";
        var akka = c.AkkaConfig;
        var seeds = SeedNodes(akka);
        var cluster = $"cluster {akka.GetString("akka.remote.dot-netty.tcp.hostname")}:{akka.GetString("akka.remote.dot-netty.tcp.port")}"
                      + (seeds.Count == 0 ? " (joins itself)" : $" ({seeds.Count} seed node(s))");
        var m = c.Management;
        var management = m.Enabled ? $"management {m.LocalUrl}{(m.Token.Length > 0 ? " (token)" : "")}" : "management off";
        return $"{c.Source}: interfaces {string.Join(",", d.Interfaces)}, server-ip {serverIp}, "
               + $"static {StaticSection.Name(c.Static.Provider)}, {pools}, {webhook}, data-dir {c.DataDir}, {cluster}, {management}";
    }
}
