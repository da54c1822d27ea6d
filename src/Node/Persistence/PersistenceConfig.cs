using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace StaticDhcpd.Node.Persistence;

/// <summary>
/// The akka.persistence section for Akka.Persistence.Sql: the journal, the snapshot store and the read journal,
/// all on one database (and sharding's own state, if an operator moves it from distributed data to the journal). SQLite (embedded, the default: <c>&lt;data-dir&gt;/journal.db</c>, WAL)
/// for one node; PostgreSQL when several nodes share the journal.
/// </summary>
public static class PersistenceConfig
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";
    public const string JournalPluginId = "akka.persistence.journal.sql";
    public const string SnapshotPluginId = "akka.persistence.snapshot-store.sql";

    public static string DefaultSqliteFile(string dataDir) => Path.Combine(dataDir, "journal.db");

    /// <summary>The connection string actually used: the given one, or for SQLite the default file in the data dir.</summary>
    public static string ResolveConnectionString(string dataDir, string provider, string? connectionString) =>
        !string.IsNullOrWhiteSpace(connectionString) ? connectionString
        : NormaliseProvider(provider) == Sqlite ? $"Data Source={DefaultSqliteFile(dataDir)}"
        : throw new ArgumentException("persistence provider postgresql needs a connection string");

    /// <summary>Builds the HOCON (with Akka.Persistence.Sql's defaults as fallback, without which sharding cannot
    /// find the plugin class). Call <see cref="PrepareDatabase"/> once before the actor system starts.</summary>
    public static Config Build(string dataDir, string provider, string? connectionString)
    {
        var p = NormaliseProvider(provider);
        var cs = Quote(ResolveConnectionString(dataDir, p, connectionString));
        var providerName = p == Sqlite ? "SQLite.MS" : "PostgreSQL.15";
        // SQLite has one writer: more parallel writers only queue on its lock; batching is what pays (the pools
        // already group-commit, and the journal batches the pools' and leases' writes into one transaction).
        var parallelism = p == Sqlite ? 2 : 4;
        var hocon = $$"""
            akka.persistence {
              journal {
                plugin = "{{JournalPluginId}}"
                sql {
                  connection-string = {{cs}}
                  provider-name = "{{providerName}}"
                  auto-initialize = on
                  batch-size = 200
                  buffer-size = 20000
                  parallelism = {{parallelism}}
                  db-round-trip-max-batch-size = 1000
                  replay-batch-size = 1000
                  # Every row is replayed. Akka's filter takes a node's rows written after another node's for a
                  # stale writer's and drops them (a bucket that moves away and back writes exactly that), while
                  # the sequence number still jumps past them: bindings were forgotten and handed out again. Two
                  # live writers cannot both write a sequence number (unique key), so there is nothing to filter.
                  replay-filter.mode = off
                  # After failures the journal is tried again every 2 s (Akka: 30 s): leases are answered again
                  # within seconds of the database's return, and a failed try costs one refused connection.
                  circuit-breaker { max-failures = 10, call-timeout = 10s, reset-timeout = 2s }
                  # A recovery whose replay stalls (a connection lost mid-query) fails after this and is retried
                  # by the entity's next message; Akka's 30 s kept a bucket silent that long.
                  recovery-event-timeout = 10s
                }
              }
              snapshot-store {
                plugin = "{{SnapshotPluginId}}"
                sql {
                  connection-string = {{cs}}
                  provider-name = "{{providerName}}"
                  auto-initialize = on
                  # Recovery reads the snapshot first: Akka's 60 s would keep every bucket down a minute after
                  # the database is back.
                  circuit-breaker { max-failures = 5, call-timeout = 20s, reset-timeout = 2s }
                }
              }
              query.journal.sql {
                connection-string = {{cs}}
                provider-name = "{{providerName}}"
              }
            }
            akka.cluster.sharding {
              # Only read when an operator sets state-store-mode = persistence (HOCON.conf defaults to ddata) or
              # remembers entities in an eventsourced store: then sharding's own state is on this database too.
              journal-plugin-id = "{{JournalPluginId}}"
              snapshot-plugin-id = "{{SnapshotPluginId}}"
            }
            """;
        return ConfigurationFactory.ParseString(hocon)
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    }

    /// <summary>SQLite: creates the data directory and switches the file to WAL (the mode persists in the file, so
    /// this is needed once; repeating it is harmless). PostgreSQL: nothing to do.</summary>
    public static void PrepareDatabase(string dataDir, string provider, string? connectionString)
    {
        if (NormaliseProvider(provider) != Sqlite) return;
        var cs = ResolveConnectionString(dataDir, Sqlite, connectionString);
        var file = new SqliteConnectionStringBuilder(cs).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } dir) Directory.CreateDirectory(dir);
        using var connection = new SqliteConnection(cs);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"SQLite journal {file}: could not switch to WAL (mode is '{mode}')");
    }

    private static string NormaliseProvider(string provider) => provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" => Sqlite,
        "postgresql" or "postgres" => PostgreSql,
        _ => throw new ArgumentException($"persistence provider must be sqlite or postgresql, not '{provider}'"),
    };

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
