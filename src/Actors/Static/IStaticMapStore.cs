namespace StaticDhcpd.Actors.Static;

/// <summary>
/// staticDHCPd's maps as the management API's /maps shows and edits them. SQLite and PostgreSQL can write their
/// <c>maps</c> table; an INI file is listed as it is on disk and "none" has no maps: those two are read-only (the file
/// is the operator's). A change is seen by the DHCP side once the static cache is flushed.
/// </summary>
public interface IStaticMapStore
{
    /// <summary>False for ini and none: <see cref="AddAsync"/> and <see cref="RemoveAsync"/> throw.</summary>
    bool CanWrite { get; }

    /// <param name="search">Substring of mac, ip or hostname (case-insensitive); null or empty = every row.</param>
    Task<StaticMapPage> ListAsync(string? search, int offset, int limit, CancellationToken ct);

    Task<StaticMapWrite> AddAsync(StaticMap map, CancellationToken ct);

    /// <summary>False when no row has this MAC.</summary>
    Task<bool> RemoveAsync(string mac, CancellationToken ct);

    static IStaticMapStore For(StaticSettings s) => s.Provider switch
    {
        StaticProvider.Sqlite => new SqliteMapStore(s),
        StaticProvider.PostgreSql => new PostgresMapStore(s),
        StaticProvider.Ini => new IniMapStore(s.IniFile),
        _ => new ReadOnlyMapStore(() => []),
    };
}
