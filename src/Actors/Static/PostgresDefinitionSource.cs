using System.Data.Common;
using Npgsql;

namespace StaticDhcpd.Actors.Static;

/// <summary>staticDHCPd's PostgreSQL engine; Npgsql's data source pools the connections.</summary>
public sealed class PostgresDefinitionSource : SqlDefinitionSource, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDefinitionSource(StaticSettings s) : base(s.CaseInsensitiveMacs)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(s.QueryTimeout.TotalSeconds));
        var b = new NpgsqlConnectionStringBuilder(s.ConnectionString) { Timeout = seconds, CommandTimeout = seconds };
        _dataSource = NpgsqlDataSource.Create(b);
        Target = $"{b.Host}:{b.Port}/{b.Database}";
    }

    public override string Name => "postgresql";
    protected override string Target { get; }
    protected override DbConnection CreateConnection() => _dataSource.CreateConnection();

    public void Dispose() => _dataSource.Dispose();
}
