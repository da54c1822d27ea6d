using Microsoft.Data.Sqlite;
using StaticDhcpd.Actors.Static;

namespace StaticDhcpd.Actors.Tests.Static;

/// <summary>A real SQLite file with staticDHCPd's schema (deploy/schema/sqlite.sql) in a temp directory.</summary>
public sealed class SqliteTestDatabase : IDisposable
{
    private readonly TempDir _dir = new();

    public string FilePath => _dir.File("static.db");

    public SqliteTestDatabase() => Execute(RepoFiles.Schema("sqlite.sql"));

    public StaticSettings Settings(bool caseInsensitive = false) => new()
    {
        Provider = StaticProvider.Sqlite,
        ConnectionString = $"Data Source={FilePath}",
        CaseInsensitiveMacs = caseInsensitive,
        RetryInterval = TimeSpan.FromMilliseconds(200),
        QueryTimeout = TimeSpan.FromSeconds(2),
    };

    public void Execute(string sql, params (string Name, object? Value)[] args)
    {
        using var c = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    public void AddSubnet(string subnet, int serial, int leaseTime, string? gateway = null, string? mask = null,
        string? broadcast = null, string? ntp = null, string? dns = null, string? domain = null) =>
        Execute("INSERT INTO subnets (subnet, serial, lease_time, gateway, subnet_mask, broadcast_address, " +
                "ntp_servers, domain_name_servers, domain_name) VALUES ($s, $n, $l, $g, $m, $b, $ntp, $dns, $d)",
            ("$s", subnet), ("$n", serial), ("$l", leaseTime), ("$g", gateway), ("$m", mask), ("$b", broadcast),
            ("$ntp", ntp), ("$dns", dns), ("$d", domain));

    public void AddMap(string mac, string ip, string subnet, int serial, string? hostname = null) =>
        Execute("INSERT INTO maps (mac, ip, hostname, subnet, serial) VALUES ($mac, $ip, $h, $s, $n)",
            ("$mac", mac), ("$ip", ip), ("$h", hostname), ("$s", subnet), ("$n", serial));

    public void Dispose() => _dir.Dispose();
}
