using StaticDhcpd.Actors.Static;
using StaticDhcpd.Actors.Webhook;
using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Tests;

public class EmbeddedDefaultTests
{
    private readonly NodeConfiguration _c = NodeConfigurationLoader.Load(null);

    [Fact]
    public void The_default_is_one_safe_node_on_sqlite_with_no_pools()
    {
        Assert.Equal("data", _c.DataDir);
        Assert.Equal(["eth0"], _c.Dhcp.Interfaces);
        Assert.Null(_c.Dhcp.ServerIp);
        Assert.Equal(StaticProvider.Sqlite, _c.Static.Provider);
        Assert.Equal("Data Source=data/static.db", _c.Static.ConnectionString);
        Assert.Equal("", _c.Static.IniFile);
        Assert.Empty(_c.Pools);
        Assert.Null(_c.Webhook.Url);
        Assert.True(_c.DownRefusedMembers);
        Assert.Equal("embedded HOCON.conf", _c.Source);
    }

    [Fact]
    public void Dhcp_flags_have_staticdhcpd_defaults()
    {
        var d = _c.Dhcp;
        Assert.False(d.Authoritative);
        Assert.False(d.NakRenewals);
        Assert.True(d.RapidCommit);
        Assert.True(d.AllowLocal);
        Assert.False(d.AllowRelays);
        Assert.Empty(d.AllowedRelays);
        Assert.Equal(10, d.SuspendThreshold);
        Assert.Equal(TimeSpan.FromSeconds(150), d.MisbehavingClientTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), d.UnauthorizedClientTimeout);
        Assert.True(d.RawL2Replies);
    }

    [Fact]
    public void The_file_defaults_agree_with_the_records_defaults()
    {
        // The records are also built in code (tests, other hosts): both sources of defaults must say the same.
        var dhcp = new Actors.Dhcp.DhcpSettings();
        Assert.Equal(dhcp.Interfaces, _c.Dhcp.Interfaces);
        Assert.Equal(dhcp.AllowedRelays, _c.Dhcp.AllowedRelays);
        // Lists compare by reference in records: put the same ones in to compare every other property.
        Assert.Equal(dhcp, _c.Dhcp with { Interfaces = dhcp.Interfaces, AllowedRelays = dhcp.AllowedRelays });
        Assert.Equal(new StaticSettings(), _c.Static);
        var webhook = new WebhookSettings();
        Assert.Equal(webhook.Events, _c.Webhook.Events);
        Assert.Equal(webhook.Timeout, _c.Webhook.Timeout);
    }

    [Fact]
    public void Webhook_defaults_to_unknown_mac_events_with_a_5s_timeout()
    {
        Assert.Equal([WebhookEvent.UnknownMac], _c.Webhook.Events);
        Assert.Equal(TimeSpan.FromSeconds(5), _c.Webhook.Timeout);
        Assert.False(_c.Webhook.Enabled);
    }

    [Fact]
    public void Akka_runs_a_cluster_of_one_on_loopback_with_keep_majority()
    {
        var a = _c.AkkaConfig;
        Assert.Equal("cluster", a.GetString("akka.actor.provider"));
        Assert.Equal("127.0.0.1", a.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(0, a.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Empty(a.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("keep-majority", a.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Contains("SplitBrainResolverProvider", a.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("INFO", a.GetString("akka.loglevel"));
        Assert.Equal(["Akka.Event.DefaultLogger"], a.GetStringList("akka.loggers"));
    }

    [Fact]
    public void Akka_defaults_are_merged_under_the_file()
    {
        // A key neither file sets comes from Akka's reference config.
        Assert.True(_c.AkkaConfig.HasPath("akka.actor.default-dispatcher.type"));
    }

    [Fact]
    public void The_embedded_text_comments_every_staticdhcpd_key()
    {
        // Operators read HOCON.conf as the reference: each key line has a comment on it or just above it.
        var lines = NodeConfigurationLoader.EmbeddedText().Split('\n').Select(l => l.Trim()).ToArray();
        var inStatic = false;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("staticdhcpd {")) inStatic = true;
            if (lines[i].StartsWith("akka {")) inStatic = false;
            if (!inStatic || !lines[i].Contains('=')) continue;
            if (lines[i].StartsWith('#')) continue;
            Assert.True(lines[i].Contains('#') || lines[i - 1].StartsWith('#'), $"HOCON.conf line {i + 1} has no comment: {lines[i]}");
        }
    }
}
