using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace StaticDhcpd.Actors.Static;

/// <summary>staticDHCPd's SQLite engine; the file is opened read-only and never created.</summary>
public sealed class SqliteDefinitionSource : SqlDefinitionSource
{
    private readonly string _connectionString;

    public SqliteDefinitionSource(StaticSettings s) : base(s.CaseInsensitiveMacs)
    {
        var b = new SqliteConnectionStringBuilder(s.ConnectionString)
        {
            // Read-only: a missing file is an error to report, not an empty database to create.
            Mode = SqliteOpenMode.ReadOnly,
            // No pooling: operators replace the file (rename over it); a pooled handle would keep reading
            // the old inode. Opening an SQLite file costs microseconds.
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(s.QueryTimeout.TotalSeconds)),
        };
        _connectionString = b.ToString();
        Target = b.DataSource;
    }

    public override string Name => "sqlite";
    protected override string Target { get; }
    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);
}
