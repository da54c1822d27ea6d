using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace StaticDhcpd.Actors.Tests.Static;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temp directory (as the postgres user when running as root),
/// pg_ctl start on a free 127.0.0.1 port with its unix socket in the same directory, staticDHCPd's schema from
/// deploy/schema/postgresql.sql; stopped and removed on Dispose. Needs only Debian's postgresql package.
/// With <c>unixSocketOnly</c> it listens on no TCP address at all: processes in other network namespaces (which
/// share the filesystem, not 127.0.0.1) reach it through <see cref="SocketConnectionString"/>.
/// The Integration tests compile this file too (a linked item), for their multi-node lab.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();
    private readonly string _bin;
    private readonly string _data;
    private readonly bool _unixSocketOnly;
    private bool _running;

    public int Port { get; }
    public string ConnectionString => _unixSocketOnly
        ? SocketConnectionString + ";Pooling=false"
        : $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";
    /// <summary>The directory holding the server's unix socket (Npgsql takes it as Host).</summary>
    public string SocketDirectory => _dir.Path;
    public string SocketConnectionString => $"Host={SocketDirectory};Port={Port};Username=postgres;Database=postgres";

    public PostgresCluster(bool unixSocketOnly = false)
    {
        _unixSocketOnly = unixSocketOnly;
        _bin = FindBinaries();
        _data = Path.Combine(_dir.Path, "data");
        if (RunningAsRoot) Run("chown", "postgres:postgres", _dir.Path);
        AsPostgres("initdb", "-D", _data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        Port = FreePort();
        Start();
        Execute(RepoFiles.Schema("postgresql.sql"));
    }

    public void Start()
    {
        AsPostgres("pg_ctl", "start", "-D", _data, "-w", "-t", "30", "-l", Path.Combine(_dir.Path, "server.log"),
            "-o", $"-p {Port} -k {_dir.Path} -c listen_addresses={(_unixSocketOnly ? "''" : "127.0.0.1")} -c fsync=off");
        _running = true;
    }

    public void Stop()
    {
        AsPostgres("pg_ctl", "stop", "-D", _data, "-w", "-t", "30", "-m", "fast");
        _running = false;
    }

    public void Execute(string sql)
    {
        using var c = new NpgsqlConnection(ConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Rows of a query as tab-separated lines (for diagnostics written when a test fails).</summary>
    public IEnumerable<string> Rows(string sql)
    {
        using var c = new NpgsqlConnection(ConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        using var r = cmd.ExecuteReader();
        while (r.Read())
            yield return string.Join('\t', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i))));
    }

    public void Dispose()
    {
        try { if (_running) Stop(); }
        finally { _dir.Dispose(); }
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        if (versions.Count > 0) return Path.Combine(versions[0], "bin");
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(p => p.Length > 0 && File.Exists(Path.Combine(p, "initdb")));
        return onPath ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (no initdb under /usr/lib/postgresql/*/bin or on PATH): " +
            "install Debian's 'postgresql' package to run the PostgreSQL tests.");
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private void AsPostgres(string tool, params string[] args)
    {
        var exe = Path.Combine(_bin, tool);
        if (RunningAsRoot) Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        else Run(exe, args);
    }

    private static void Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {exe}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(CommandTimeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} {string.Join(' ', args)} did not finish within {CommandTimeout}");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException(
                $"{exe} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}{stdout.Result}");
    }
}
