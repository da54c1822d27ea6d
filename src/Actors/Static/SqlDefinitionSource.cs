using System.Data.Common;
using System.Globalization;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Static;

namespace StaticDhcpd.Actors.Static;

/// <summary>
/// staticDHCPd's SQL engine over its unchanged schema: one connection per lookup (the driver pools),
/// the original query, host fields from <c>maps</c> and everything else from the joined <c>subnets</c> row.
/// </summary>
public abstract class SqlDefinitionSource : IStaticDefinitionSource
{
    private readonly string _lookupSql;

    protected SqlDefinitionSource(bool caseInsensitiveMacs) => _lookupSql = LookupSql(caseInsensitiveMacs);

    public abstract string Name { get; }

    /// <summary>What the operator configured (file, host/database), for error messages.</summary>
    protected abstract string Target { get; }

    protected abstract DbConnection CreateConnection();

    /// <summary>The original lookup; a MAC whose (subnet, serial) has no row is unknown, as in staticDHCPd.</summary>
    public static string LookupSql(bool caseInsensitiveMacs) =>
        "SELECT m.ip, m.hostname, s.gateway, s.subnet_mask, s.broadcast_address, s.domain_name, " +
        "s.domain_name_servers, s.ntp_servers, s.lease_time, s.subnet, s.serial FROM maps m, subnets s " +
        $"WHERE {(caseInsensitiveMacs ? "LOWER(m.mac)" : "m.mac")} = @mac " +
        "AND m.subnet = s.subnet AND m.serial = s.serial LIMIT 1";

    public async Task<StaticDefinition?> LookupAsync(MacAddress mac, CancellationToken ct)
    {
        object?[] row;
        try
        {
            await using var conn = CreateConnection();
            await conn.OpenAsync(ct);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = _lookupSql;
            var p = cmd.CreateParameter();
            p.ParameterName = "@mac";
            p.Value = mac.ToString();
            cmd.Parameters.Add(p);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StaticSourceException($"{Name} {Target}: {e.Message}", e);
        }
        return ToDefinition(mac, row);
    }

    public Task ReloadAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task<string> ProbeAsync(CancellationToken ct)
    {
        try
        {
            await using var conn = CreateConnection();
            await conn.OpenAsync(ct);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT (SELECT COUNT(*) FROM maps), (SELECT COUNT(*) FROM subnets)";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return $"{Target}: {Convert.ToInt64(reader.GetValue(0))} maps, {Convert.ToInt64(reader.GetValue(1))} subnets";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StaticSourceException($"{Name} {Target}: {e.Message}", e);
        }
    }

    private StaticDefinition ToDefinition(MacAddress mac, object?[] r)
    {
        // CHAR columns (PostgreSQL) come back space-padded: every text goes through Trim.
        static string? S(object? v) => DefinitionFields.Text(Convert.ToString(v, CultureInfo.InvariantCulture));
        try
        {
            return new StaticDefinition(
                mac,
                DefinitionFields.RequiredAddress(S(r[0]), "maps.ip"),
                S(r[1]),
                S(r[9]) ?? throw new FieldFormatException("subnets.subnet", "missing"),
                DefinitionFields.Serial(r[10], "subnets.serial"),
                DefinitionFields.LeaseTime(r[8], "subnets.lease_time"),
                DefinitionFields.AddressList(S(r[2]), "subnets.gateway"),
                DefinitionFields.OptionalAddress(S(r[3]), "subnets.subnet_mask"),
                DefinitionFields.OptionalAddress(S(r[4]), "subnets.broadcast_address"),
                S(r[5]),
                DefinitionFields.AddressList(S(r[6]), "subnets.domain_name_servers", DefinitionFields.MaxServers),
                DefinitionFields.AddressList(S(r[7]), "subnets.ntp_servers", DefinitionFields.MaxServers));
        }
        catch (FieldFormatException e)
        {
            throw new StaticDefinitionException($"{Name} {Target}: definition of {mac}: {e.Message}", mac, e);
        }
    }
}
