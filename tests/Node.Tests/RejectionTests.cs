using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Tests;

/// <summary>A bad file stops the node with a message naming the key and saying what was wrong.</summary>
public class RejectionTests
{
    private static ConfigurationException Reject(string hocon)
    {
        using var file = new TempConfig(hocon);
        return Assert.Throws<ConfigurationException>(() => NodeConfigurationLoader.Load(file.Path));
    }

    [Theory]
    [InlineData("staticdhcpd.dhcp.authoritativ = on", "staticdhcpd.dhcp.authoritativ")]
    [InlineData("staticdhcpd.datadir = x", "staticdhcpd.datadir")]
    [InlineData("staticdhcpd.static.sqlite-file = x", "staticdhcpd.static.sqlite-file")]
    [InlineData("staticdhcpd.webhook.uri = \"http://x/\"", "staticdhcpd.webhook.uri")]
    [InlineData("staticdhcpd.cluster.down-refused = on", "staticdhcpd.cluster.down-refused")]
    [InlineData("staticdhcpd.pool = []", "staticdhcpd.pool")]
    [InlineData("staticdhcpd.pools = [{ name = a, subnet = \"10.0.0.0/24\", ranges = [\"10.0.0.2-10.0.0.9\"], lease = 1h }]", "staticdhcpd.pools[0].lease")]
    public void An_unknown_key_is_named_with_its_full_path(string hocon, string key)
    {
        var e = Reject(hocon);
        Assert.Equal(key, e.Key);
        Assert.StartsWith($"{key}: unknown key", e.Message);
    }

    [Theory]
    [InlineData("staticdhcpd.dhcp.suspend-threshold = ten", "staticdhcpd.dhcp.suspend-threshold: expected a non-negative integer, got 'ten'")]
    [InlineData("staticdhcpd.dhcp.suspend-threshold = -1", "staticdhcpd.dhcp.suspend-threshold: expected a non-negative integer, got '-1'")]
    [InlineData("staticdhcpd.dhcp.authoritative = maybe", "staticdhcpd.dhcp.authoritative: expected on or off, got 'maybe'")]
    [InlineData("staticdhcpd.cluster.down-refused-members = maybe", "staticdhcpd.cluster.down-refused-members: expected on or off, got 'maybe'")]
    [InlineData("staticdhcpd.dhcp.misbehaving-client-timeout = 150", "staticdhcpd.dhcp.misbehaving-client-timeout: expected a duration such as 150s, 1h or 500ms, got '150'")]
    [InlineData("staticdhcpd.dhcp.unauthorized-client-timeout = 5 fortnights", "staticdhcpd.dhcp.unauthorized-client-timeout: expected a duration")]
    [InlineData("staticdhcpd.dhcp.server-ip = \"192.0.2.300\"", "staticdhcpd.dhcp.server-ip: expected an IPv4 address such as 192.0.2.1, got '192.0.2.300'")]
    [InlineData("staticdhcpd.dhcp.allowed-relays = [\"10.0.0.1\", \"relay-1\"]", "staticdhcpd.dhcp.allowed-relays[1]: expected an IPv4 address such as 192.0.2.1, got 'relay-1'")]
    [InlineData("staticdhcpd.dhcp.allowed-relays = \"10.0.0.1\"", "staticdhcpd.dhcp.allowed-relays: expected a list of IPv4 addresses")]
    [InlineData("staticdhcpd.dhcp.interfaces = eth0", "staticdhcpd.dhcp.interfaces: expected a list of strings")]
    [InlineData("staticdhcpd.dhcp.interfaces = []", "staticdhcpd.dhcp.interfaces: at least one interface is needed")]
    [InlineData("staticdhcpd.dhcp.interfaces = [eth0, eth0]", "staticdhcpd.dhcp.interfaces[1]: 'eth0' is listed twice")]
    [InlineData("staticdhcpd.dhcp.interfaces = [\"a-very-long-interface-name\"]", "staticdhcpd.dhcp.interfaces[0]: 'a-very-long-interface-name' is not a network interface name")]
    [InlineData("staticdhcpd.dhcp = on", "staticdhcpd.dhcp: expected an object")]
    [InlineData("staticdhcpd.dhcp.rapid-commit = [on]", "staticdhcpd.dhcp.rapid-commit: expected on or off, got a list")]
    [InlineData("staticdhcpd.data-dir = \"\"", "staticdhcpd.data-dir: must not be empty")]
    [InlineData("staticdhcpd.static.provider = mysql", "staticdhcpd.static.provider: expected one of sqlite, postgresql, ini, none, got 'mysql'")]
    [InlineData("staticdhcpd.static.provider = ini", "staticdhcpd.static.ini-file: required when provider = ini")]
    [InlineData("staticdhcpd.static { provider = postgresql, connection-string = \"\" }", "staticdhcpd.static.connection-string: required when provider = postgresql")]
    [InlineData("staticdhcpd.static.query-timeout = 0s", "staticdhcpd.static.query-timeout: expected a positive duration")]
    [InlineData("staticdhcpd.webhook.url = \"register.example/hook\"", "staticdhcpd.webhook.url: expected an absolute http:// or https:// URL")]
    [InlineData("staticdhcpd.webhook.url = \"ftp://register.example/hook\"", "staticdhcpd.webhook.url: expected an absolute http:// or https:// URL")]
    [InlineData("staticdhcpd.webhook.events = [unknown-mac, lease-renewed]", "staticdhcpd.webhook.events[1]: expected one of unknown-mac, lease-granted, lease-released, lease-expired, got 'lease-renewed'")]
    [InlineData("staticdhcpd.webhook.timeout = 0ms", "staticdhcpd.webhook.timeout: expected a positive duration")]
    [InlineData("staticdhcpd.pools = {}", "staticdhcpd.pools: expected a list of objects")]
    [InlineData("staticdhcpd.pools = [\"guests\"]", "staticdhcpd.pools[0]: expected an object")]
    [InlineData("akka.actor.provider = local", "akka.actor.provider: must be cluster")]
    [InlineData("akka.remote.dot-netty.tcp.port = 70000", "akka.remote.dot-netty.tcp.port: expected an integer from 0 to 65535, got '70000'")]
    public void A_bad_value_is_named_with_what_was_expected(string hocon, string message) =>
        Assert.StartsWith(message, Reject(hocon).Message);

    private const string Subnet = "subnet = \"10.77.0.0/16\"";

    [Theory]
    [InlineData("{ subnet = \"10.77.0.0/16\", ranges = [\"10.77.1.1-10.77.1.9\"] }", "staticdhcpd.pools[0].name: missing required key")]
    [InlineData("{ name = \"\", " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"] }", "staticdhcpd.pools[0].name: expected a non-empty name")]
    [InlineData("{ name = \"my pool\", " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"] }", "staticdhcpd.pools[0].name: expected a non-empty name of letters, digits, '-', '_' or '.', got 'my pool'")]
    [InlineData("{ name = g, ranges = [\"10.77.1.1-10.77.1.9\"] }", "staticdhcpd.pools[0].subnet: missing required key")]
    [InlineData("{ name = g, subnet = \"10.77.0.1/16\", ranges = [\"10.77.1.1-10.77.1.9\"] }", "staticdhcpd.pools[0].subnet: expected a network such as 10.77.0.0/16 (host bits zero), got '10.77.0.1/16'")]
    [InlineData("{ name = g, subnet = \"10.77.0.0/33\", ranges = [\"10.77.1.1-10.77.1.9\"] }", "staticdhcpd.pools[0].subnet: expected a network")]
    [InlineData("{ name = g, " + Subnet + " }", "staticdhcpd.pools[0].ranges: missing required key")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [] }", "staticdhcpd.pools[0].ranges: at least one range is needed")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.9-10.77.1.1\"] }", "staticdhcpd.pools[0].ranges[0]: first address 10.77.1.9 is after last address 10.77.1.1")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.78.0.5\"] }", "staticdhcpd.pools[0].ranges[0]: 10.77.1.1-10.78.0.5 is not inside the pool's subnet 10.77.0.0/16")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.0.0-10.77.0.9\"] }", "staticdhcpd.pools[0].ranges[0]: 10.77.0.0-10.77.0.9 includes the network or broadcast address of 10.77.0.0/16")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1 to 10.77.1.9\"] }", "staticdhcpd.pools[0].ranges[0]: expected a range such as 10.77.100.10-10.77.100.250")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\", \"10.77.1.5-10.77.1.20\"] }", "staticdhcpd.pools[0].ranges[1]: 10.77.1.5-10.77.1.20 overlaps staticdhcpd.pools[0].ranges[0] (10.77.1.1-10.77.1.9)")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], lease-time = 0s }", "staticdhcpd.pools[0].lease-time: expected a positive duration")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], routers = [\"gw\"] }", "staticdhcpd.pools[0].routers[0]: expected an IPv4 address")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], dns-servers = [\"1.1.1\"] }", "staticdhcpd.pools[0].dns-servers[0]: expected an IPv4 address")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], ntp-servers = [\"ntp.example\"] }", "staticdhcpd.pools[0].ntp-servers[0]: expected an IPv4 address")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], domain-name = \"lan..example\" }", "staticdhcpd.pools[0].domain-name: expected a DNS domain")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], hostname-prefix = \"guest_\" }", "staticdhcpd.pools[0].hostname-prefix: expected letters, digits and '-'")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], decline-probation = soon }", "staticdhcpd.pools[0].decline-probation: expected a duration")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], max-renewals = 2.5 }", "staticdhcpd.pools[0].max-renewals: expected a non-negative integer, got '2.5'")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], use-client-hostname = 1 }", "staticdhcpd.pools[0].use-client-hostname: expected on or off, got '1'")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], arp-scan = { rate = 0 } }", "staticdhcpd.pools[0].arp-scan.rate: expected an integer from 1 to 10000, got '0'")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], arp-scan = { interval = weekly } }", "staticdhcpd.pools[0].arp-scan.interval: expected a positive duration")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], arp-scan = { on-boot = on } }", "staticdhcpd.pools[0].arp-scan.on-boot: unknown key")]
    [InlineData("{ name = g, " + Subnet + ", ranges = [\"10.77.1.1-10.77.1.9\"], conflict-check = maybe }", "staticdhcpd.pools[0].conflict-check: expected on or off, got 'maybe'")]
    public void A_bad_pool_is_named_by_its_index_and_key(string pool, string message) =>
        Assert.StartsWith(message, Reject($"staticdhcpd.pools = [\n{pool}\n]").Message);

    private const string TwoSeeds = "akka.cluster.seed-nodes = [\"akka.tcp://staticdhcpd@10.77.0.11:4053\", \"akka.tcp://staticdhcpd@10.77.0.12:4053\"]";

    [Theory]
    [InlineData(TwoSeeds)]
    [InlineData(TwoSeeds + "\nstaticdhcpd.persistence { provider = sqlite, connection-string = \"Data Source=/srv/journal.db\" }")]
    public void More_than_one_seed_node_on_the_sqlite_journal_is_refused_naming_the_provider(string hocon)
    {
        var e = Reject(hocon);
        Assert.Equal("staticdhcpd.persistence.provider", e.Key);
        Assert.Equal("staticdhcpd.persistence.provider: sqlite is one node's own journal, but akka.cluster.seed-nodes lists 2 nodes: "
                     + "more than one node needs the shared PostgreSQL journal (provider = postgresql, with a connection-string)", e.Message);
    }

    [Theory]
    [InlineData("akka.cluster.seed-nodes = [\"akka.tcp://staticdhcpd@10.77.0.11:4053\"]", "sqlite")]
    [InlineData("akka.cluster.seed-nodes = []", "sqlite")]
    [InlineData(TwoSeeds + "\nstaticdhcpd.persistence { provider = postgresql, connection-string = \"Host=/run/postgresql;Database=dhcp\" }", "postgresql")]
    public void One_seed_on_sqlite_and_several_on_postgresql_are_accepted(string hocon, string provider)
    {
        using var file = new TempConfig(hocon);
        Assert.Equal(provider, NodeConfigurationLoader.Load(file.Path).Persistence.Provider);
    }

    [Fact]
    public void Pool_names_are_unique()
    {
        var e = Reject("""
            staticdhcpd.pools = [
              { name = guests, subnet = "10.1.0.0/24", ranges = ["10.1.0.10-10.1.0.20"] }
              { name = guests, subnet = "10.2.0.0/24", ranges = ["10.2.0.10-10.2.0.20"] }
            ]
            """);
        Assert.Equal("staticdhcpd.pools[1].name: pool name 'guests' is used twice", e.Message);
    }

    [Fact]
    public void Ranges_of_two_pools_may_not_overlap()
    {
        var e = Reject("""
            staticdhcpd.pools = [
              { name = a, subnet = "10.1.0.0/16", ranges = ["10.1.0.10-10.1.0.20"] }
              { name = b, subnet = "10.1.0.0/24", ranges = ["10.1.0.30-10.1.0.40", "10.1.0.20-10.1.0.25"] }
            ]
            """);
        Assert.Equal("staticdhcpd.pools[1].ranges[1]: 10.1.0.20-10.1.0.25 overlaps staticdhcpd.pools[0].ranges[0] (10.1.0.10-10.1.0.20)", e.Message);
    }
}
