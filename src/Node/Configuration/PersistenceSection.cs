using StaticDhcpd.Node.Persistence;

namespace StaticDhcpd.Node.Configuration;

/// <summary>Where pool and lease events are journalled (Akka.Persistence.Sql).</summary>
/// <param name="ConnectionString">null = SQLite <c>journal.db</c> in the data directory.</param>
public sealed record PersistenceSettings(string Provider, string? ConnectionString)
{
    public static readonly PersistenceSettings Default = new(PersistenceConfig.Sqlite, null);
}

/// <summary>Reads <c>staticdhcpd.persistence</c>.</summary>
internal static class PersistenceSection
{
    private static readonly IReadOnlyDictionary<string, string> Providers = new Dictionary<string, string>
    {
        ["sqlite"] = PersistenceConfig.Sqlite,
        ["postgresql"] = PersistenceConfig.PostgreSql,
    };

    public static PersistenceSettings Read(HoconSection parent)
    {
        if (!parent.Has("persistence")) return PersistenceSettings.Default;
        var s = parent.Section("persistence", "provider", "connection-string");
        var provider = s.String("provider", PersistenceConfig.Sqlite).Trim().ToLowerInvariant();
        if (!Providers.TryGetValue(provider, out var name))
            throw new ConfigurationException(s.KeyPath("provider"), $"must be sqlite or postgresql, got '{provider}'");
        var cs = s.String("connection-string", "");
        if (name == PersistenceConfig.PostgreSql && string.IsNullOrWhiteSpace(cs))
            throw new ConfigurationException(s.KeyPath("connection-string"), "required when provider = postgresql");
        return new PersistenceSettings(name, string.IsNullOrWhiteSpace(cs) ? null : cs);
    }

    /// <summary>Several seed nodes mean several nodes, which must recover each other's buckets from one journal:
    /// an SQLite file belongs to one node, so that cluster would lose the leases of every node that dies.</summary>
    public static void CheckSharedJournal(PersistenceSettings persistence, int seedNodes)
    {
        if (persistence.Provider != PersistenceConfig.Sqlite || seedNodes <= 1) return;
        throw new ConfigurationException("staticdhcpd.persistence.provider",
            $"sqlite is one node's own journal, but akka.cluster.seed-nodes lists {seedNodes} nodes: "
            + "more than one node needs the shared PostgreSQL journal (provider = postgresql, with a connection-string)");
    }
}
