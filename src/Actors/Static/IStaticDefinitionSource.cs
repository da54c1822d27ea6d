using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Static;

namespace StaticDhcpd.Actors.Static;

/// <summary>
/// Where staticDHCPd definitions come from (SQLite, PostgreSQL, INI, none). Implementations are called from
/// the thread pool, several lookups at once; they hold no per-call state.
/// </summary>
public interface IStaticDefinitionSource
{
    /// <summary>Short provider name for logs and status: "sqlite", "postgresql", "ini", "none".</summary>
    string Name { get; }

    /// <summary>
    /// The definition of <paramref name="mac"/>, or null when the source does not know it.
    /// Throws <see cref="StaticDefinitionException"/> when the MAC's definition exists but cannot be read,
    /// <see cref="StaticSourceException"/> when the source cannot be asked at all.
    /// </summary>
    Task<StaticDefinition?> LookupAsync(MacAddress mac, CancellationToken ct);

    /// <summary>staticDHCPd's reinitialise: an INI file is read again (keeping the old content on error); SQL: nothing.</summary>
    Task ReloadAsync(CancellationToken ct);

    /// <summary>A cheap query proving the source answers; returns a one-line description ("12 maps, 2 subnets").</summary>
    Task<string> ProbeAsync(CancellationToken ct);

    static IStaticDefinitionSource Create(StaticSettings s) => s.Provider switch
    {
        StaticProvider.Sqlite => new SqliteDefinitionSource(s),
        StaticProvider.PostgreSql => new PostgresDefinitionSource(s),
        StaticProvider.Ini => new IniDefinitionSource(s.IniFile),
        StaticProvider.None => new NoDefinitionSource(),
        _ => throw new ArgumentOutOfRangeException(nameof(s), s.Provider, "unknown static provider"),
    };
}
