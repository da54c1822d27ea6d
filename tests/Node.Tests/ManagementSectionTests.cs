using StaticDhcpd.Node.Cli;
using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Tests;

/// <summary><c>staticdhcpd.management</c>: every key checked, and no open listener off this machine without a token.</summary>
public class ManagementSectionTests
{
    private static ManagementSettings Load(string hocon)
    {
        using var file = new TempConfig(hocon);
        return NodeConfigurationLoader.Load(file.Path).Management;
    }

    private static ConfigurationException Reject(string hocon)
    {
        using var file = new TempConfig(hocon);
        return Assert.Throws<ConfigurationException>(() => NodeConfigurationLoader.Load(file.Path));
    }

    [Fact]
    public void The_default_listens_on_loopback_8558_without_a_token()
    {
        var m = NodeConfigurationLoader.Load(null).Management;
        Assert.Equal(new ManagementSettings("127.0.0.1", 8558, ""), m);
        Assert.True(m.Enabled);
        Assert.Equal("http://127.0.0.1:8558", m.LocalUrl);
    }

    [Fact]
    public void A_file_overrides_each_key()
    {
        var m = Load("""staticdhcpd.management { hostname = "10.1.2.3", port = 9000, token = " s3cret " }""");
        Assert.Equal(new ManagementSettings("10.1.2.3", 9000, "s3cret"), m);
    }

    [Fact]
    public void Port_0_turns_the_listener_off_and_needs_no_token_anywhere()
    {
        var m = Load("""staticdhcpd.management { hostname = "0.0.0.0", port = 0 }""");
        Assert.False(m.Enabled);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    public void A_loopback_hostname_needs_no_token(string hostname) =>
        Assert.Equal(hostname, Load($"staticdhcpd.management.hostname = \"{hostname}\"").Hostname);

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.66.0.1")]
    [InlineData("::")]
    public void A_non_loopback_hostname_without_a_token_is_refused_naming_the_token(string hostname)
    {
        var e = Reject($"staticdhcpd.management.hostname = \"{hostname}\"");
        Assert.Equal("staticdhcpd.management.token", e.Key);
        Assert.StartsWith($"staticdhcpd.management.token: must be set when hostname '{hostname}' is not a loopback address", e.Message);
    }

    [Theory]
    [InlineData("staticdhcpd.management.address = x", "staticdhcpd.management.address: unknown key")]
    [InlineData("staticdhcpd.management.port = 65536", "staticdhcpd.management.port: expected an integer from 0 to 65535, got '65536'")]
    [InlineData("staticdhcpd.management.port = http", "staticdhcpd.management.port: expected an integer from 0 to 65535, got 'http'")]
    [InlineData("staticdhcpd.management.hostname = \"\"", "staticdhcpd.management.hostname: must not be empty")]
    [InlineData("staticdhcpd.management.hostname = \"mgmt.example\"", "staticdhcpd.management.hostname: expected an IP address to listen on (or localhost), got 'mgmt.example'")]
    [InlineData("staticdhcpd.management.token = [a]", "staticdhcpd.management.token: expected a string, got a list")]
    [InlineData("staticdhcpd.management = on", "staticdhcpd.management: expected an object")]
    public void A_bad_value_is_named_with_what_was_expected(string hocon, string message) =>
        Assert.StartsWith(message, Reject(hocon).Message);

    [Fact]
    public void The_summary_says_where_management_listens_and_whether_a_token_guards_it()
    {
        Assert.EndsWith(", management http://127.0.0.1:8558", NodeConfigurationLoader.Summarize(NodeConfigurationLoader.Load(null)));
        using var file = new TempConfig("""staticdhcpd.management { hostname = "0.0.0.0", port = 9000, token = t }""");
        Assert.EndsWith(", management http://127.0.0.1:9000 (token)", NodeConfigurationLoader.Summarize(NodeConfigurationLoader.Load(file.Path)));
        using var off = new TempConfig("staticdhcpd.management.port = 0");
        Assert.EndsWith(", management off", NodeConfigurationLoader.Summarize(NodeConfigurationLoader.Load(off.Path)));
    }

    [Fact]
    public async Task Run_with_an_open_listener_and_no_token_exits_2_naming_the_key()
    {
        using var file = new TempConfig("""staticdhcpd.management.hostname = "0.0.0.0" """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(["run", "--config", file.Path], stdout, stderr);
        Assert.Equal(ExitCodes.ConfigError, code);
        Assert.Contains("staticdhcpd.management.token", stderr.ToString());
    }
}
