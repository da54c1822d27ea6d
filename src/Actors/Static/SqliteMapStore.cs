using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace StaticDhcpd.Actors.Static;

/// <summary>The SQLite <c>maps</c> table, opened read-write (never created: a missing file is an error, as for lookups).</summary>
public sealed class SqliteMapStore : SqlMapStore
{
    private readonly string _connectionString;

    public SqliteMapStore(StaticSettings s) : base(s.CaseInsensitiveMacs) =>
        _connectionString = new SqliteConnectionStringBuilder(s.ConnectionString)
        {
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false, // as the lookup source: the operator may replace the file
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(s.QueryTimeout.TotalSeconds)),
        }.ToString();

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    // SQLITE_CONSTRAINT (19) is every constraint; UNIQUE and PRIMARY KEY are its extended codes 2067 and 1555.
    protected override bool IsUniqueViolation(DbException e) =>
        e is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };
}
