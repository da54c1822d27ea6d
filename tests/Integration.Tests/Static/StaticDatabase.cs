using Microsoft.Data.Sqlite;

namespace StaticDhcpd.Integration.Tests.Static;

/// <summary>One row of staticDHCPd's <c>subnets</c> table (the option bundle of a (subnet, serial)).</summary>
public sealed record SubnetRow(
    string Subnet, int Serial, int LeaseTime, string? Gateway, string? SubnetMask, string? BroadcastAddress,
    string? NtpServers, string? DomainNameServers, string? DomainName);

/// <summary>One row of staticDHCPd's <c>maps</c> table: a MAC's address and hostname in a (subnet, serial).</summary>
public sealed record MapRow(string Mac, string Ip, string? Hostname, string Subnet, int Serial);

/// <summary>
/// A staticDHCPd SQLite database made with the schema the project ships (<c>deploy/schema/sqlite.sql</c>,
/// copied next to the tests), filled the way an operator would: plain INSERTs into <c>subnets</c> and <c>maps</c>.
/// </summary>
public static class StaticDatabase
{
    public static string SchemaFile => Path.Combine(AppContext.BaseDirectory, "schema", "sqlite.sql");

    public static void Create(string path, IEnumerable<SubnetRow> subnets, IEnumerable<MapRow> maps)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // No pooling: the file must be closed before the server opens it.
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var tx = connection.BeginTransaction();
        Execute(connection, tx, File.ReadAllText(SchemaFile));
        foreach (var s in subnets)
            Execute(connection, tx,
                "INSERT INTO subnets (subnet, serial, lease_time, gateway, subnet_mask, broadcast_address, ntp_servers, " +
                "domain_name_servers, domain_name) VALUES ($subnet, $serial, $lease, $gw, $mask, $bc, $ntp, $dns, $domain)",
                ("$subnet", s.Subnet), ("$serial", s.Serial), ("$lease", s.LeaseTime), ("$gw", s.Gateway),
                ("$mask", s.SubnetMask), ("$bc", s.BroadcastAddress), ("$ntp", s.NtpServers),
                ("$dns", s.DomainNameServers), ("$domain", s.DomainName));
        foreach (var m in maps) Execute(connection, tx, InsertMap, MapArgs(m));
        tx.Commit();
    }

    /// <summary>What an operator does to a live database: one statement, committed at once.</summary>
    public static void Run(string path, string sql, params (string Name, object? Value)[] args)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var tx = connection.BeginTransaction();
        Execute(connection, tx, sql, args);
        tx.Commit();
    }

    public static void Insert(string path, MapRow m) => Run(path, InsertMap, MapArgs(m));

    private const string InsertMap =
        "INSERT INTO maps (mac, ip, hostname, subnet, serial) VALUES ($mac, $ip, $host, $subnet, $serial)";

    private static (string, object?)[] MapArgs(MapRow m) =>
        [("$mac", m.Mac), ("$ip", m.Ip), ("$host", m.Hostname), ("$subnet", m.Subnet), ("$serial", m.Serial)];

    private static void Execute(SqliteConnection c, SqliteTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }
}
