using System.Data.Common;
using Npgsql;

namespace StaticDhcpd.Actors.Static;

/// <summary>The PostgreSQL <c>maps</c> table, on its own small connection pool.</summary>
public sealed class PostgresMapStore : SqlMapStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresMapStore(StaticSettings s) : base(s.CaseInsensitiveMacs)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(s.QueryTimeout.TotalSeconds));
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(s.ConnectionString)
            { Timeout = seconds, CommandTimeout = seconds, MaxPoolSize = 2 });
    }

    protected override DbConnection CreateConnection() => _dataSource.CreateConnection();

    protected override bool IsUniqueViolation(DbException e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public void Dispose() => _dataSource.Dispose();
}
