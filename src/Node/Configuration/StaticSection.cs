using StaticDhcpd.Actors.Static;

namespace StaticDhcpd.Node.Configuration;

/// <summary>Reads <c>staticdhcpd.static</c>.</summary>
internal static class StaticSection
{
    public static readonly IReadOnlyDictionary<string, StaticProvider> Providers = new Dictionary<string, StaticProvider>
    {
        ["sqlite"] = StaticProvider.Sqlite,
        ["postgresql"] = StaticProvider.PostgreSql,
        ["ini"] = StaticProvider.Ini,
        ["none"] = StaticProvider.None,
    };

    public static StaticSettings Read(HoconSection parent)
    {
        var s = parent.Section("static",
            "provider", "connection-string", "ini-file", "case-insensitive-macs", "retry-interval", "query-timeout");
        var provider = s.Choice("provider", Providers);
        var connectionString = s.String("connection-string");
        var iniFile = s.String("ini-file");
        if (provider is StaticProvider.Sqlite or StaticProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
            throw new ConfigurationException(s.KeyPath("connection-string"), $"required when provider = {Name(provider)}");
        if (provider == StaticProvider.Ini && string.IsNullOrWhiteSpace(iniFile))
            throw new ConfigurationException(s.KeyPath("ini-file"), "required when provider = ini");
        return new StaticSettings
        {
            Provider = provider,
            ConnectionString = connectionString,
            IniFile = iniFile,
            CaseInsensitiveMacs = s.Bool("case-insensitive-macs"),
            RetryInterval = s.Duration("retry-interval", positive: true),
            QueryTimeout = s.Duration("query-timeout", positive: true),
        };
    }

    public static string Name(StaticProvider p) => Providers.First(kv => kv.Value == p).Key;
}
