using StaticDhcpd.Actors.Static;
using StaticDhcpd.Actors.Webhook;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Tests;

/// <summary>Every documented key, set in a file, reaches the records; keys the file leaves out keep the defaults.</summary>
public class OverrideTests
{
    private static NodeConfiguration Load(string hocon)
    {
        using var file = new TempConfig(hocon);
        return NodeConfigurationLoader.Load(file.Path);
    }

    [Fact]
    public void Every_dhcp_key_overrides()
    {
        var d = Load("""
            staticdhcpd.dhcp {
              interfaces = ["veth-a", "veth-b"]
              server-ip = "192.0.2.1"
              authoritative = on
              nak-renewals = on
              rapid-commit = off
              allow-local = off
              allow-relays = on
              allowed-relays = ["198.51.100.1", "198.51.100.2"]
              suspend-threshold = 25
              misbehaving-client-timeout = 10m
              unauthorized-client-timeout = 500ms
              raw-l2-replies = off
            }
            """).Dhcp;
        Assert.Equal(["veth-a", "veth-b"], d.Interfaces);
        Assert.Equal(Ipv4Address.Parse("192.0.2.1"), d.ServerIp);
        Assert.True(d.Authoritative);
        Assert.True(d.NakRenewals);
        Assert.False(d.RapidCommit);
        Assert.False(d.AllowLocal);
        Assert.True(d.AllowRelays);
        Assert.Equal([Ipv4Address.Parse("198.51.100.1"), Ipv4Address.Parse("198.51.100.2")], d.AllowedRelays);
        Assert.Equal(25, d.SuspendThreshold);
        Assert.Equal(TimeSpan.FromMinutes(10), d.MisbehavingClientTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), d.UnauthorizedClientTimeout);
        Assert.False(d.RawL2Replies);
    }

    [Fact]
    public void A_file_that_sets_one_key_keeps_every_other_default()
    {
        var c = Load("staticdhcpd.dhcp.authoritative = yes");
        var defaults = NodeConfigurationLoader.Load(null);
        Assert.True(c.Dhcp.Authoritative);
        Assert.Equal(defaults.Dhcp with { Authoritative = true, Interfaces = c.Dhcp.Interfaces, AllowedRelays = c.Dhcp.AllowedRelays }, c.Dhcp);
        Assert.Equal(defaults.Static, c.Static);
        Assert.Equal(defaults.DataDir, c.DataDir);
    }

    [Fact]
    public void Data_dir_and_static_keys_override()
    {
        var c = Load("""
            staticdhcpd {
              data-dir = "/var/lib/staticdhcpd"
              static {
                provider = postgresql
                connection-string = "Host=db;Database=dhcp"
                case-insensitive-macs = on
                retry-interval = 30s
                query-timeout = 2s
              }
            }
            """);
        Assert.Equal("/var/lib/staticdhcpd", c.DataDir);
        Assert.Equal(StaticProvider.PostgreSql, c.Static.Provider);
        Assert.Equal("Host=db;Database=dhcp", c.Static.ConnectionString);
        Assert.True(c.Static.CaseInsensitiveMacs);
        Assert.Equal(TimeSpan.FromSeconds(30), c.Static.RetryInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), c.Static.QueryTimeout);
    }

    [Theory]
    [InlineData("sqlite", StaticProvider.Sqlite)]
    [InlineData("postgresql", StaticProvider.PostgreSql)]
    [InlineData("none", StaticProvider.None)]
    public void Each_provider_is_accepted(string name, StaticProvider expected) =>
        Assert.Equal(expected, Load($"staticdhcpd.static.provider = {name}").Static.Provider);

    [Fact]
    public void The_ini_provider_takes_its_file()
    {
        var s = Load("staticdhcpd.static { provider = ini, ini-file = \"/etc/staticdhcpd/hosts.ini\" }").Static;
        Assert.Equal(StaticProvider.Ini, s.Provider);
        Assert.Equal("/etc/staticdhcpd/hosts.ini", s.IniFile);
    }

    [Fact]
    public void A_pool_with_every_key()
    {
        var pools = Load("""
            staticdhcpd.pools = [
              { name = "guests", subnet = "10.77.0.0/16", ranges = ["10.77.100.10-10.77.100.250", "10.77.101.1"]
                lease-time = 300s, routers = ["10.77.0.1"], dns-servers = ["10.77.0.53", "10.77.0.54"]
                domain-name = "lan.example", ntp-servers = ["10.77.0.123"], hostname-prefix = "guest"
                decline-probation = 2h, max-renewals = 5, use-client-hostname = on
                arp-scan = { on-start = on, rate = 200, retries = 2, timeout = 500ms, interval = 30m }, conflict-check = on }
            ]
            """).Pools;
        var p = Assert.Single(pools);
        Assert.Equal("guests", p.Name);
        Assert.Equal(Ipv4Address.Parse("10.77.0.0"), p.Subnet.Network);
        Assert.Equal(16, p.Subnet.PrefixLength);
        Assert.Equal([(Ipv4Address.Parse("10.77.100.10"), Ipv4Address.Parse("10.77.100.250")),
                      (Ipv4Address.Parse("10.77.101.1"), Ipv4Address.Parse("10.77.101.1"))], p.Ranges);
        Assert.Equal(TimeSpan.FromSeconds(300), p.LeaseTime);
        Assert.Equal([Ipv4Address.Parse("10.77.0.1")], p.Routers);
        Assert.Equal([Ipv4Address.Parse("10.77.0.53"), Ipv4Address.Parse("10.77.0.54")], p.DnsServers);
        Assert.Equal("lan.example", p.DomainName);
        Assert.Equal([Ipv4Address.Parse("10.77.0.123")], p.NtpServers);
        Assert.Equal("guest", p.HostnamePrefix);
        Assert.Equal(TimeSpan.FromHours(2), p.DeclineProbation);
        Assert.Equal(5, p.MaxRenewals);
        Assert.True(p.UseClientHostname);
        Assert.Equal(new StaticDhcpd.Actors.Arp.ArpScanSettings
        {
            OnStart = true, Rate = 200, Retries = 2, Timeout = TimeSpan.FromMilliseconds(500), Interval = TimeSpan.FromMinutes(30),
        }, p.ArpScan);
        Assert.True(p.ConflictCheck);
    }

    [Fact]
    public void A_pool_with_only_the_required_keys_takes_the_documented_defaults()
    {
        var p = Assert.Single(Load("""staticdhcpd.pools = [{ name = lab, subnet = "192.168.50.0/24", ranges = ["192.168.50.100-192.168.50.199"] }]""").Pools);
        Assert.Equal(TimeSpan.FromHours(1), p.LeaseTime);
        Assert.Empty(p.Routers);
        Assert.Empty(p.DnsServers);
        Assert.Equal("", p.DomainName);
        Assert.Empty(p.NtpServers);
        Assert.Equal("", p.HostnamePrefix);
        Assert.Equal(TimeSpan.FromHours(1), p.DeclineProbation);
        Assert.Equal(0, p.MaxRenewals);
        Assert.False(p.UseClientHostname);
        Assert.Equal((false, 100, 1, TimeSpan.FromSeconds(1), (TimeSpan?)null),
            (p.ArpScan.OnStart, p.ArpScan.Rate, p.ArpScan.Retries, p.ArpScan.Timeout, p.ArpScan.Interval));
        Assert.False(p.ConflictCheck);
    }

    [Fact]
    public void Several_pools_in_separate_subnets()
    {
        var pools = Load("""
            staticdhcpd.pools = [
              { name = a, subnet = "10.1.0.0/24", ranges = ["10.1.0.10-10.1.0.20"] }
              { name = b, subnet = "10.2.0.0/24", ranges = ["10.2.0.10-10.2.0.20"] }
            ]
            """).Pools;
        Assert.Equal(["a", "b"], pools.Select(p => p.Name));
    }

    [Fact]
    public void Webhook_keys_override()
    {
        var w = Load("""
            staticdhcpd.webhook {
              url = "https://register.example/hook"
              events = ["unknown-mac", "lease-granted", "lease-released", "lease-expired"]
              timeout = 1500ms
            }
            """).Webhook;
        Assert.Equal(new Uri("https://register.example/hook"), w.Url);
        Assert.True(w.Enabled);
        Assert.Equal(
            new HashSet<WebhookEvent> { WebhookEvent.UnknownMac, WebhookEvent.LeaseGranted, WebhookEvent.LeaseReleased, WebhookEvent.LeaseExpired },
            w.Events);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), w.Timeout);
    }

    [Fact]
    public void Akka_keys_override_and_reach_the_actor_system_config()
    {
        var a = Load("""
            akka.remote.dot-netty.tcp { hostname = "10.0.0.5", port = 4053 }
            akka.cluster.seed-nodes = ["akka.tcp://staticdhcpd@10.0.0.5:4053"]
            akka.loglevel = DEBUG
            """).AkkaConfig;
        Assert.Equal("10.0.0.5", a.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(4053, a.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["akka.tcp://staticdhcpd@10.0.0.5:4053"], a.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("DEBUG", a.GetString("akka.loglevel"));
        Assert.Equal("keep-majority", a.GetString("akka.cluster.split-brain-resolver.active-strategy"));
    }

    [Fact]
    public void Hocon_spellings_of_switches_and_durations_are_accepted()
    {
        var d = Load("""
            staticdhcpd.dhcp { authoritative = true, rapid-commit = no, misbehaving-client-timeout = 2 minutes
                               unauthorized-client-timeout = 1d }
            """).Dhcp;
        Assert.True(d.Authoritative);
        Assert.False(d.RapidCommit);
        Assert.Equal(TimeSpan.FromMinutes(2), d.MisbehavingClientTimeout);
        Assert.Equal(TimeSpan.FromDays(1), d.UnauthorizedClientTimeout);
    }
}
