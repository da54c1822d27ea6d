using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Tests;

/// <summary>Broken HOCON is reported with the file and line, and never reaches Akka's parser (which loops on some).</summary>
public class SyntaxErrorTests
{
    [Theory]
    [InlineData("staticdhcpd {\n  dhcp {\n    interfaces = [\"eth0\",\n  }\n}\n", 4, "'}' where ']' closing the '[' of line 3 was expected")]
    [InlineData("staticdhcpd {\n  data-dir = \n}\n", 2, "'data-dir' has no value")]
    [InlineData("staticdhcpd {\n  data-dir = \"data\n}\n", 2, "a quoted string is not closed on its line")]
    [InlineData("staticdhcpd {\n  dhcp {\n    authoritative = on\n}\n", 1, "'{' is never closed")]
    [InlineData("staticdhcpd {\n}\n}\n", 3, "'}' without a matching '{'")]
    [InlineData("staticdhcpd {\n  data-dir \"data\"\n}\n", 2, "expected '=', ':' or '{' after 'data-dir'")]
    [InlineData("staticdhcpd.webhook.events = [unknown-mac,, lease-granted]\n", 1, "an empty element in the list of 'staticdhcpd.webhook.events'")]
    [InlineData("a = \"\"\"never closed\n", 1, "a \"\"\" string is never closed")]
    [InlineData("staticdhcpd.dhcp.interfaces = [eth0\n", 1, "'[' is never closed")]
    [InlineData("staticdhcpd.pools = [$\n]\n", 1, "'$' must be inside quotes")]
    [InlineData("staticdhcpd.static.connection-string = Data Source=x;Password=a&b\n", 1, "'&' must be inside quotes")]
    // Valid HOCON that Akka 1.5's parser refuses ("Unknown token ','"): said with what it accepts instead.
    [InlineData("staticdhcpd {\n  dhcp { authoritative = on }, pools = []\n}\n", 2,
        "'dhcp { … },' is valid HOCON but Akka's parser refuses a ',' after an object written without '=': write 'dhcp = { … },' or put a newline instead of the comma")]
    public void The_file_and_line_are_named(string hocon, int line, string problem)
    {
        using var file = new TempConfig(hocon);
        var e = Assert.Throws<ConfigurationException>(() => NodeConfigurationLoader.Load(file.Path));
        Assert.Equal($"{file.Path}:{line}", e.Key);
        Assert.StartsWith(problem, e.Problem);
    }

    private const string ArpScanEntry = """
        staticdhcpd.pools = [
          { name = "lan", subnet = "10.77.0.0/16", ranges = ["10.77.100.10-10.77.100.19"], lease-time = 600s,
            arp-scan { on-start = on }, conflict-check = on }
        ]
        """;

    [Fact]
    public void An_object_field_without_equals_before_a_comma_is_named_with_what_to_write()
    {
        using var file = new TempConfig(ArpScanEntry);
        var e = Assert.Throws<ConfigurationException>(() => NodeConfigurationLoader.Load(file.Path));
        Assert.Equal($"{file.Path}:3", e.Key);
        Assert.Contains("'arp-scan { … },'", e.Problem);
        Assert.Contains("write 'arp-scan = { … },' or put a newline instead of the comma", e.Problem);
    }

    [Theory]
    [InlineData("arp-scan = { on-start = on }, conflict-check = on")]
    [InlineData("arp-scan { on-start = on }\n    conflict-check = on")]
    public void Both_suggested_forms_pass_the_check_and_akkas_parser(string suggested)
    {
        var text = ArpScanEntry.Replace("arp-scan { on-start = on }, conflict-check = on", suggested);
        Assert.NotEqual(ArpScanEntry, text);
        HoconSyntaxCheck.Check(text, "t.conf");
        var pool = Akka.Configuration.ConfigurationFactory.ParseString(text).GetValue("staticdhcpd.pools").GetArray()[0].GetObject();
        Assert.Equal("on", pool.GetKey("arp-scan").GetObject().GetKey("on-start").GetString());
        Assert.Equal("on", pool.GetKey("conflict-check").GetString());
    }

    [Fact]
    public void Valid_hocon_forms_pass_the_check()
    {
        const string hocon = """
            // comments of both kinds
            # and blank lines

            staticdhcpd {
              "data-dir" : "data" # a quoted key and ':' as separator
              dhcp.allowed-relays += "192.0.2.9"
              dhcp { interfaces = [
                  eth1
                  "eth2"
                ]
              }
              webhook.url = "http://x.example/hook?a=1#frag"
              static.connection-string = "Data Source=data/static.db"
            }
            akka.cluster.seed-nodes = ${?SEEDS}
            include "nothing-else.conf"
            """;
        HoconSyntaxCheck.Check(hocon, "t.conf");
    }

    [Fact]
    public void The_embedded_default_passes_the_check() =>
        HoconSyntaxCheck.Check(NodeConfigurationLoader.EmbeddedText(), "HOCON.conf");
}
