namespace StaticDhcpd.Actors.Static;

public enum StaticProvider { Sqlite, PostgreSql, Ini, None }

/// <summary><c>staticdhcpd.static</c>: where the staticDHCPd definitions live.</summary>
public sealed record StaticSettings
{
    public StaticProvider Provider { get; init; } = StaticProvider.Sqlite;
    public string ConnectionString { get; init; } = "Data Source=data/static.db";
    public string IniFile { get; init; } = "";
    /// <summary>staticDHCPd's CASE_INSENSITIVE_MACS: compare with LOWER(mac).</summary>
    public bool CaseInsensitiveMacs { get; init; }
    /// <summary>How often an unreachable database is probed again.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Lookups run against the source at once; null = SQLite 1, other providers 4 (staticDHCPd's limits).</summary>
    public int? MaxConcurrentQueries { get; init; }
    /// <summary>"Unknown" answers the directory keeps (oldest dropped first): every dynamic client is one, and a flood
    /// of forged MACs must not grow the node without limit. 100 000 is a few MB.</summary>
    public int MaxCachedMisses { get; init; } = 100_000;

    public int EffectiveConcurrentQueries => MaxConcurrentQueries ?? (Provider == StaticProvider.Sqlite ? 1 : 4);
}
