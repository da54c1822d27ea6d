using StaticDhcpd.Actors.Static;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Static;

public class SqliteDefinitionSourceTests : IDisposable
{
    private static readonly MacAddress Mac = MacAddress.Parse("02:00:00:00:00:0a");
    private readonly SqliteTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static Ipv4Address Ip(string s) => Ipv4Address.Parse(s);

    [Fact]
    public async Task Lookup_returns_every_column_with_lists_parsed_and_dns_ntp_cut_to_three()
    {
        _db.AddSubnet("10.66.0.0/24", 2, 3600, gateway: "10.66.0.1, 10.66.0.2", mask: "255.255.255.0",
            broadcast: "10.66.0.255", ntp: "10.66.0.5,10.66.0.6,10.66.0.7,10.66.0.8",
            dns: "1.1.1.1,8.8.8.8,9.9.9.9,4.4.4.4", domain: "lab.example");
        _db.AddMap("02:00:00:00:00:0a", "10.66.0.50", "10.66.0.0/24", 2, hostname: "printer");

        var d = await new SqliteDefinitionSource(_db.Settings()).LookupAsync(Mac, default);

        Assert.NotNull(d);
        Assert.Equal(Mac, d.Mac);
        Assert.Equal(Ip("10.66.0.50"), d.Ip);
        Assert.Equal("printer", d.Hostname);
        Assert.Equal("10.66.0.0/24", d.Subnet);
        Assert.Equal(2, d.Serial);
        Assert.Equal(3600u, d.LeaseTimeSeconds);
        Assert.Equal([Ip("10.66.0.1"), Ip("10.66.0.2")], d.Gateways);
        Assert.Equal(Ip("255.255.255.0"), d.SubnetMask);
        Assert.Equal(Ip("10.66.0.255"), d.BroadcastAddress);
        Assert.Equal("lab.example", d.DomainName);
        Assert.Equal([Ip("1.1.1.1"), Ip("8.8.8.8"), Ip("9.9.9.9")], d.DomainNameServers);
        Assert.Equal([Ip("10.66.0.5"), Ip("10.66.0.6"), Ip("10.66.0.7")], d.NtpServers);
    }

    [Fact]
    public async Task Empty_and_null_columns_are_absent()
    {
        _db.AddSubnet("lan", 0, 600, gateway: "", mask: null, broadcast: "  ", ntp: null, dns: "", domain: "");
        _db.AddMap("02:00:00:00:00:0a", "10.0.0.9", "lan", 0, hostname: "");

        var d = await new SqliteDefinitionSource(_db.Settings()).LookupAsync(Mac, default);

        Assert.NotNull(d);
        Assert.Null(d.Hostname);
        Assert.Empty(d.Gateways);
        Assert.Null(d.SubnetMask);
        Assert.Null(d.BroadcastAddress);
        Assert.Null(d.DomainName);
        Assert.Empty(d.DomainNameServers);
        Assert.Empty(d.NtpServers);
    }

    [Fact]
    public async Task Unknown_mac_is_null()
    {
        _db.AddSubnet("lan", 0, 600);
        _db.AddMap("02:00:00:00:00:0b", "10.0.0.9", "lan", 0);
        Assert.Null(await new SqliteDefinitionSource(_db.Settings()).LookupAsync(Mac, default));
    }

    [Fact]
    public async Task Map_whose_subnet_row_is_missing_is_unknown_as_in_staticdhcpd()
    {
        _db.AddSubnet("lan", 0, 600);
        // As with the sqlite3 shell, where foreign keys are off by default: serial 1 has no subnets row.
        _db.Execute("PRAGMA foreign_keys = OFF; INSERT INTO maps (mac, ip, subnet, serial) VALUES ('02:00:00:00:00:0a', '10.0.0.9', 'lan', 1)");
        Assert.Null(await new SqliteDefinitionSource(_db.Settings()).LookupAsync(Mac, default));
    }

    [Fact]
    public async Task Upper_case_stored_mac_is_found_only_with_case_insensitive_macs()
    {
        _db.AddSubnet("lan", 0, 600);
        _db.AddMap("02:00:00:00:00:0A", "10.0.0.9", "lan", 0);

        Assert.Null(await new SqliteDefinitionSource(_db.Settings()).LookupAsync(Mac, default));
        var d = await new SqliteDefinitionSource(_db.Settings(caseInsensitive: true)).LookupAsync(Mac, default);
        Assert.Equal(Ip("10.0.0.9"), d?.Ip);
    }

    [Fact]
    public async Task Unparsable_ip_is_a_definition_error_naming_mac_and_column()
    {
        _db.AddSubnet("lan", 0, 600);
        _db.AddMap("02:00:00:00:00:0a", "10.0.0.999", "lan", 0);

        var e = await Assert.ThrowsAsync<StaticDefinitionException>(
            () => new SqliteDefinitionSource(_db.Settings()).LookupAsync(Mac, default));
        Assert.Equal(Mac, e.Mac);
        Assert.Contains("02:00:00:00:00:0a", e.Message);
        Assert.Contains("maps.ip", e.Message);
        Assert.Contains("10.0.0.999", e.Message);
    }

    [Fact]
    public async Task Unparsable_dns_entry_is_a_definition_error_naming_the_column()
    {
        _db.AddSubnet("lan", 0, 600, dns: "1.1.1.1,dns.example");
        _db.AddMap("02:00:00:00:00:0a", "10.0.0.9", "lan", 0);

        var e = await Assert.ThrowsAsync<StaticDefinitionException>(
            () => new SqliteDefinitionSource(_db.Settings()).LookupAsync(Mac, default));
        Assert.Contains("subnets.domain_name_servers", e.Message);
    }

    [Fact]
    public async Task Missing_file_is_a_source_error_and_the_file_is_not_created()
    {
        var settings = _db.Settings() with { ConnectionString = $"Data Source={_db.FilePath}.absent" };
        var source = new SqliteDefinitionSource(settings);

        var e = await Assert.ThrowsAsync<StaticSourceException>(() => source.LookupAsync(Mac, default));
        Assert.Contains(".absent", e.Message);
        await Assert.ThrowsAsync<StaticSourceException>(() => source.ProbeAsync(default));
        Assert.False(File.Exists(_db.FilePath + ".absent"));
    }

    [Fact]
    public async Task Database_without_the_tables_is_a_source_error()
    {
        _db.Execute("DROP TABLE maps");
        var e = await Assert.ThrowsAsync<StaticSourceException>(
            () => new SqliteDefinitionSource(_db.Settings()).LookupAsync(Mac, default));
        Assert.Contains("no such table", e.Message);
    }

    [Fact]
    public async Task Probe_counts_maps_and_subnets()
    {
        _db.AddSubnet("lan", 0, 600);
        _db.AddMap("02:00:00:00:00:0a", "10.0.0.9", "lan", 0);
        _db.AddMap("02:00:00:00:00:0b", "10.0.0.10", "lan", 0);
        var text = await new SqliteDefinitionSource(_db.Settings()).ProbeAsync(default);
        Assert.EndsWith("2 maps, 1 subnets", text);
    }

    [Fact]
    public async Task Factory_builds_the_configured_provider_and_none_knows_no_one()
    {
        Assert.IsType<SqliteDefinitionSource>(IStaticDefinitionSource.Create(_db.Settings()));
        var none = IStaticDefinitionSource.Create(new StaticSettings { Provider = StaticProvider.None });
        Assert.Equal("none", none.Name);
        Assert.Null(await none.LookupAsync(Mac, default));
    }
}
