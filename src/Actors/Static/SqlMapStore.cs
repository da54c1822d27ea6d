using System.Data.Common;
using System.Globalization;

namespace StaticDhcpd.Actors.Static;

/// <summary>The <c>maps</c> table over SQL, the same statements for SQLite and PostgreSQL (parameters, LIKE with an
/// escape character, LIMIT/OFFSET). MACs are written lower-case, as staticDHCPd's schema expects.</summary>
public abstract class SqlMapStore(bool caseInsensitiveMacs) : IStaticMapStore
{
    public bool CanWrite => true;

    private string MacColumn => caseInsensitiveMacs ? "LOWER(mac)" : "mac";

    protected abstract DbConnection CreateConnection();

    /// <summary>The driver's error for a violated UNIQUE or PRIMARY KEY constraint.</summary>
    protected abstract bool IsUniqueViolation(DbException e);

    private const string Match =
        " WHERE (@search = '' OR LOWER(mac) LIKE @pattern ESCAPE '\\' OR LOWER(ip) LIKE @pattern ESCAPE '\\'" +
        " OR LOWER(COALESCE(hostname, '')) LIKE @pattern ESCAPE '\\')";

    public async Task<StaticMapPage> ListAsync(string? search, int offset, int limit, CancellationToken ct)
    {
        var s = (search ?? "").Trim().ToLowerInvariant();
        var pattern = "%" + s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        await using var conn = await OpenAsync(ct);
        await using var count = Command(conn, "SELECT COUNT(*) FROM maps" + Match, ("@search", s), ("@pattern", pattern));
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        await using var page = Command(conn,
            "SELECT mac, ip, hostname, subnet, serial FROM maps" + Match + " ORDER BY mac LIMIT @limit OFFSET @offset",
            ("@search", s), ("@pattern", pattern), ("@limit", limit), ("@offset", offset));
        var items = new List<StaticMap>();
        await using var r = await page.ExecuteReaderAsync(ct);
        // CHAR columns (PostgreSQL) come back space-padded.
        while (await r.ReadAsync(ct))
            items.Add(new StaticMap(r.GetString(0).Trim(), r.GetString(1).Trim(), r.IsDBNull(2) ? null : r.GetString(2).Trim(),
                r.GetString(3).Trim(), Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture)));
        return new StaticMapPage(total, items);
    }

    public async Task<StaticMapWrite> AddAsync(StaticMap map, CancellationToken ct)
    {
        var mac = map.Mac.ToLowerInvariant();
        await using var conn = await OpenAsync(ct);
        await using (var subnet = Command(conn, "SELECT COUNT(*) FROM subnets WHERE subnet = @subnet AND serial = @serial",
                         ("@subnet", map.Subnet), ("@serial", map.Serial)))
            if (Convert.ToInt64(await subnet.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0)
                return StaticMapWrite.UnknownSubnet;
        await using (var exists = Command(conn, $"SELECT COUNT(*) FROM maps WHERE {MacColumn} = @mac", ("@mac", mac)))
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0)
                return StaticMapWrite.MacExists;
        await using var insert = Command(conn,
            "INSERT INTO maps (mac, ip, hostname, subnet, serial) VALUES (@mac, @ip, @hostname, @subnet, @serial)",
            ("@mac", mac), ("@ip", map.Ip), ("@hostname", map.Hostname), ("@subnet", map.Subnet), ("@serial", map.Serial));
        try
        {
            await insert.ExecuteNonQueryAsync(ct);
            return StaticMapWrite.Added;
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            // The MAC was checked just above: a race with another writer on the MAC is reported like the ip.
            return StaticMapWrite.IpTaken;
        }
    }

    public async Task<bool> RemoveAsync(string mac, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var delete = Command(conn, $"DELETE FROM maps WHERE {MacColumn} = @mac", ("@mac", mac.ToLowerInvariant()));
        return await delete.ExecuteNonQueryAsync(ct) > 0;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var conn = CreateConnection();
        await conn.OpenAsync(ct);
        return conn;
    }

    private static DbCommand Command(DbConnection conn, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}
