using Akka.Actor;
using Akka.TestKit.Xunit2;
using StaticDhcpd.Actors.Static;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Static;

/// <summary>Each test class gets its own cluster; these tests stop and start it.</summary>
public class PostgresDefinitionSourceTests : TestKit, IDisposable
{
    private static readonly MacAddress Mac = MacAddress.Parse("02:00:00:00:00:0a");
    private readonly PostgresCluster _pg = new();

    public PostgresDefinitionSourceTests() : base("akka.actor.provider = local")
    {
        _pg.Execute("""
            INSERT INTO subnets VALUES ('10.66.0.0/24', 1, 7200, '10.66.0.1,10.66.0.254', '255.255.255.0',
                '10.66.0.255', '10.66.0.5', '1.1.1.1,8.8.8.8,9.9.9.9,4.4.4.4', 'pg.example');
            INSERT INTO subnets (subnet, serial, lease_time) VALUES ('bare', 0, 60);
            INSERT INTO maps VALUES ('02:00:00:00:00:0a', '10.66.0.50', 'printer', '10.66.0.0/24', 1);
            INSERT INTO maps VALUES ('02:00:00:00:00:0B', '10.66.0.51', NULL, 'bare', 0);
            """);
    }

    void IDisposable.Dispose()
    {
        Shutdown();
        _pg.Dispose();
    }

    private StaticSettings Settings(bool caseInsensitive = false) => new()
    {
        Provider = StaticProvider.PostgreSql,
        ConnectionString = _pg.ConnectionString,
        CaseInsensitiveMacs = caseInsensitive,
        RetryInterval = TimeSpan.FromMilliseconds(300),
        QueryTimeout = TimeSpan.FromSeconds(3),
    };

    private static Ipv4Address Ip(string s) => Ipv4Address.Parse(s);

    [Fact]
    public async Task Lookup_returns_every_column_unpadded()
    {
        using var source = new PostgresDefinitionSource(Settings());
        var d = await source.LookupAsync(Mac, default);

        Assert.NotNull(d);
        Assert.Equal(Ip("10.66.0.50"), d.Ip);
        Assert.Equal("printer", d.Hostname);
        Assert.Equal(("10.66.0.0/24", 1, 7200u), (d.Subnet, d.Serial, d.LeaseTimeSeconds));
        Assert.Equal([Ip("10.66.0.1"), Ip("10.66.0.254")], d.Gateways);
        Assert.Equal(Ip("255.255.255.0"), d.SubnetMask);
        Assert.Equal(Ip("10.66.0.255"), d.BroadcastAddress);
        Assert.Equal("pg.example", d.DomainName);
        Assert.Equal([Ip("1.1.1.1"), Ip("8.8.8.8"), Ip("9.9.9.9")], d.DomainNameServers);
        Assert.Equal([Ip("10.66.0.5")], d.NtpServers);
        Assert.Contains("2 maps, 2 subnets", await source.ProbeAsync(default));
    }

    [Fact]
    public async Task Upper_case_stored_mac_needs_case_insensitive_macs_and_null_columns_are_absent()
    {
        var mac = MacAddress.Parse("02:00:00:00:00:0b");
        using var exact = new PostgresDefinitionSource(Settings());
        using var insensitive = new PostgresDefinitionSource(Settings(caseInsensitive: true));

        Assert.Null(await exact.LookupAsync(mac, default));
        var d = await insensitive.LookupAsync(mac, default);
        Assert.NotNull(d);
        Assert.Equal(Ip("10.66.0.51"), d.Ip);
        Assert.Null(d.Hostname);
        Assert.Empty(d.Gateways);
        Assert.Null(d.SubnetMask);
        Assert.Empty(d.DomainNameServers);
        Assert.Null(await insensitive.LookupAsync(MacAddress.Parse("02:00:00:00:00:ff"), default));
    }

    [Fact]
    public async Task Refused_connection_is_a_source_error()
    {
        using var source = new PostgresDefinitionSource(Settings() with
        {
            ConnectionString = _pg.ConnectionString.Replace($"Port={_pg.Port}", "Port=1"),
        });
        var e = await Assert.ThrowsAsync<StaticSourceException>(() => source.LookupAsync(Mac, default));
        Assert.Contains("postgresql 127.0.0.1:1/postgres", e.Message);
    }

    [Fact]
    public void Directory_survives_a_server_restart_serving_cached_clients_and_reports_recovery()
    {
        var settings = Settings();
        var dir = Sys.ActorOf(StaticDirectory.Props(IStaticDefinitionSource.Create(settings), settings));
        dir.Tell(new StaticLookup(Mac, 1), TestActor);
        Assert.Equal(Ip("10.66.0.50"), ExpectMsg<StaticLookupResult>(TimeSpan.FromSeconds(5)).Definition?.Ip);

        _pg.Stop();
        var other = MacAddress.Parse("02:00:00:00:00:0b");
        EventFilter.Error(contains: "static source postgresql unreachable").ExpectOne(TimeSpan.FromSeconds(10), () =>
        {
            dir.Tell(new StaticLookup(other, 2), TestActor);
            var r = ExpectMsg<StaticLookupResult>(TimeSpan.FromSeconds(10));
            Assert.True(r.SourceFailed);
        });
        dir.Tell(new StaticLookup(Mac, 3), TestActor);
        Assert.Equal(Ip("10.66.0.50"), ExpectMsg<StaticLookupResult>().Definition?.Ip);

        EventFilter.Info(contains: "static source postgresql reachable again").ExpectOne(TimeSpan.FromSeconds(15),
            () => _pg.Start());
        dir.Tell(new StaticLookup(MacAddress.Parse("02:00:00:00:00:ff"), 4), TestActor);
        var unknown = ExpectMsg<StaticLookupResult>(TimeSpan.FromSeconds(5));
        Assert.False(unknown.SourceFailed);
        Assert.Null(unknown.Definition);
    }
}
