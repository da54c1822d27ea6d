using StaticDhcpd.Actors.Static;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Static;

/// <summary>The same edits of staticDHCPd's maps table on SQLite and on a real PostgreSQL (CHAR(17) MACs, SMALLINT
/// serials): list with search and paging, add (lower-cased), clashes named, remove; ini and none read-only.</summary>
public abstract class StaticMapStoreTests
{
    protected abstract IStaticMapStore Store(bool caseInsensitive = false);
    protected abstract void Execute(string sql);

    protected void Seed() => Execute("""
        INSERT INTO subnets (subnet, serial, lease_time) VALUES ('10.66.0.0/24', 0, 3600);
        INSERT INTO subnets (subnet, serial, lease_time) VALUES ('10.66.0.0/24', 1, 3600);
        INSERT INTO maps (mac, ip, hostname, subnet, serial) VALUES ('02:00:00:00:00:0a', '10.66.0.10', 'printer', '10.66.0.0/24', 0);
        INSERT INTO maps (mac, ip, hostname, subnet, serial) VALUES ('02:00:00:00:00:0B', '10.66.0.11', NULL, '10.66.0.0/24', 1);
        INSERT INTO maps (mac, ip, hostname, subnet, serial) VALUES ('02:00:00:00:00:0c', '10.66.0.12', 'desk_1%', '10.66.0.0/24', 0);
        """);

    [Fact]
    public async Task Rows_are_listed_trimmed_searched_case_insensitively_and_paged()
    {
        var store = Store();
        var all = await store.ListAsync(null, 0, 100, default);
        Assert.Equal(3, all.Total);
        Assert.Equal(new StaticMap("02:00:00:00:00:0a", "10.66.0.10", "printer", "10.66.0.0/24", 0), all.Items[0]);
        Assert.Null(all.Items.Single(m => m.Ip == "10.66.0.11").Hostname);
        Assert.Equal(1, all.Items.Single(m => m.Ip == "10.66.0.11").Serial);

        Assert.Equal("10.66.0.10", Assert.Single((await store.ListAsync("PRINT", 0, 100, default)).Items).Ip);
        Assert.Equal("10.66.0.11", Assert.Single((await store.ListAsync(":0b", 0, 100, default)).Items).Ip);
        // LIKE's wildcards in a search are plain characters.
        Assert.Equal("10.66.0.12", Assert.Single((await store.ListAsync("_1%", 0, 100, default)).Items).Ip);
        Assert.Equal(1, (await store.ListAsync("%", 0, 100, default)).Total); // only 'desk_1%' holds a '%'

        var page = await store.ListAsync(null, 1, 1, default);
        Assert.Equal((3, 1), (page.Total, page.Items.Count));
        Assert.Equal(all.Items[1], page.Items[0]);
    }

    [Fact]
    public async Task A_map_is_added_lower_cased_clashes_are_named_and_it_is_removed()
    {
        var store = Store();
        Assert.True(store.CanWrite);
        Assert.Equal(StaticMapWrite.Added, await store.AddAsync(new StaticMap("02:00:00:00:00:AD", "10.66.0.20", "new", "10.66.0.0/24", 0), default));
        Assert.Contains(new StaticMap("02:00:00:00:00:ad", "10.66.0.20", "new", "10.66.0.0/24", 0),
            (await store.ListAsync("10.66.0.20", 0, 10, default)).Items);
        Assert.Equal(StaticMapWrite.MacExists, await store.AddAsync(new StaticMap("02:00:00:00:00:ad", "10.66.0.21", null, "10.66.0.0/24", 0), default));
        Assert.Equal(StaticMapWrite.IpTaken, await store.AddAsync(new StaticMap("02:00:00:00:00:ae", "10.66.0.20", null, "10.66.0.0/24", 0), default));
        // The same ip in another serial of the subnet is another (ip, subnet, serial).
        Assert.Equal(StaticMapWrite.Added, await store.AddAsync(new StaticMap("02:00:00:00:00:af", "10.66.0.20", null, "10.66.0.0/24", 1), default));
        Assert.Equal(StaticMapWrite.UnknownSubnet, await store.AddAsync(new StaticMap("02:00:00:00:00:b0", "10.67.0.1", null, "10.67.0.0/24", 0), default));

        Assert.True(await store.RemoveAsync("02:00:00:00:00:ad", default));
        Assert.False(await store.RemoveAsync("02:00:00:00:00:ad", default));
        Assert.Equal(4, (await store.ListAsync(null, 0, 100, default)).Total);
    }

    [Fact]
    public async Task With_case_insensitive_macs_a_mixed_case_row_is_found_for_removal()
    {
        var store = Store(caseInsensitive: true);
        Assert.Equal(StaticMapWrite.MacExists, await store.AddAsync(new StaticMap("02:00:00:00:00:0b", "10.66.0.30", null, "10.66.0.0/24", 0), default));
        Assert.True(await store.RemoveAsync("02:00:00:00:00:0b", default));
        // Without it the stored spelling must match (the store lower-cases what it is given).
        Execute("INSERT INTO maps (mac, ip, hostname, subnet, serial) VALUES ('02:00:00:00:00:0D', '10.66.0.13', NULL, '10.66.0.0/24', 0)");
        Assert.False(await Store().RemoveAsync("02:00:00:00:00:0D", default));
    }
}

public sealed class SqliteMapStoreTests : StaticMapStoreTests, IDisposable
{
    private readonly SqliteTestDatabase _db = new();

    public SqliteMapStoreTests() => Seed();

    protected override IStaticMapStore Store(bool caseInsensitive = false) => IStaticMapStore.For(_db.Settings(caseInsensitive));
    protected override void Execute(string sql) => _db.Execute(sql);

    [Fact]
    public async Task Ini_and_none_are_listed_and_read_only()
    {
        var none = IStaticMapStore.For(new StaticSettings { Provider = StaticProvider.None });
        Assert.False(none.CanWrite);
        Assert.Equal(0, (await none.ListAsync(null, 0, 10, default)).Total);
        await Assert.ThrowsAsync<InvalidOperationException>(() => none.AddAsync(new StaticMap("02:00:00:00:00:01", "10.0.0.1", null, "s", 0), default));
    }

    public void Dispose() => _db.Dispose();
}

public sealed class PostgresMapStoreTests : StaticMapStoreTests, IDisposable
{
    private readonly PostgresCluster _pg = new();
    private readonly List<IDisposable> _stores = new();

    public PostgresMapStoreTests() => Seed();

    protected override IStaticMapStore Store(bool caseInsensitive = false)
    {
        var s = (PostgresMapStore)IStaticMapStore.For(new StaticSettings
            { Provider = StaticProvider.PostgreSql, ConnectionString = _pg.ConnectionString, CaseInsensitiveMacs = caseInsensitive });
        _stores.Add(s);
        return s;
    }

    protected override void Execute(string sql) => _pg.Execute(sql);

    public void Dispose()
    {
        foreach (var s in _stores) s.Dispose();
        _pg.Dispose();
    }
}
