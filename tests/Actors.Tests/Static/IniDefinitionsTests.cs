using StaticDhcpd.Actors.Static;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Static;

public class IniDefinitionsTests
{
    private const string Good = """
        # staticDHCPd INI sample
        [10.66.0.0/24|0]
        lease-time = 14400
        gateway = 10.66.0.1
        subnet-mask = 255.255.255.0
        broadcast-address: 10.66.0.255
        domain-name-servers = 1.1.1.1, 8.8.8.8, 9.9.9.9, 4.4.4.4
        ntp-servers = 10.66.0.5
        domain-name = lab.example

        [guest|3]
        lease-time = 300

        [AA-BB-CC-DD-EE-01]
        ip = 10.66.0.50
        hostname = printer
        subnet = 10.66.0.0/24
        serial = 0

        [aabb.ccdd.ee02]
        IP = 192.168.9.9
        subnet = guest
        serial = 3

        [not-a-mac]
        whatever = 1
        """;

    private static IniDefinitions Parse(string text) => IniDefinitions.Parse(text, "/etc/staticdhcpd/dhcp.ini");

    private static StaticDefinitionException Bad(string text) => Assert.Throws<StaticDefinitionException>(() => Parse(text));

    [Fact]
    public void Sections_of_both_kinds_become_definitions()
    {
        var ini = Parse(Good);

        Assert.Equal(2, ini.Maps.Count);
        Assert.Equal(2, ini.SubnetCount);
        Assert.Equal(["not-a-mac"], ini.IgnoredSections);

        var printer = ini.Maps[MacAddress.Parse("aa:bb:cc:dd:ee:01")];
        Assert.Equal(Ipv4Address.Parse("10.66.0.50"), printer.Ip);
        Assert.Equal("printer", printer.Hostname);
        Assert.Equal(("10.66.0.0/24", 0), (printer.Subnet, printer.Serial));
        Assert.Equal(14400u, printer.LeaseTimeSeconds);
        Assert.Equal([Ipv4Address.Parse("10.66.0.1")], printer.Gateways);
        Assert.Equal(Ipv4Address.Parse("255.255.255.0"), printer.SubnetMask);
        Assert.Equal(Ipv4Address.Parse("10.66.0.255"), printer.BroadcastAddress);
        Assert.Equal(3, printer.DomainNameServers.Count);
        Assert.Equal([Ipv4Address.Parse("10.66.0.5")], printer.NtpServers);
        Assert.Equal("lab.example", printer.DomainName);

        var guest = ini.Maps[MacAddress.Parse("aa:bb:cc:dd:ee:02")];
        Assert.Equal(("guest", 3, 300u), (guest.Subnet, guest.Serial, guest.LeaseTimeSeconds));
        Assert.Null(guest.Hostname);
        Assert.Empty(guest.Gateways);
        Assert.Null(guest.SubnetMask);
    }

    [Fact]
    public void Values_in_quotes_as_staticDHCPds_sample_writes_them_are_read_without_the_quotes()
    {
        var ini = Parse("""
            [10.66.0.0/24|0]
            lease-time = 600
            domain-name: "example.org"
            gateway = '10.66.0.1'

            [aa:bb:cc:dd:ee:03]
            ip = "10.66.0.60"
            hostname = "it's"
            subnet = 10.66.0.0/24
            serial = 0
            """);
        var m = ini.Maps[MacAddress.Parse("aa:bb:cc:dd:ee:03")];
        Assert.Equal(("example.org", "it's", "10.66.0.60"), (m.DomainName, m.Hostname, m.Ip.ToString()));
        Assert.Equal([Ipv4Address.Parse("10.66.0.1")], m.Gateways);
    }

    [Fact]
    public void Missing_lease_time_names_file_section_and_key()
    {
        var e = Bad("[lan|0]\ngateway = 10.0.0.1\n");
        Assert.Contains("/etc/staticdhcpd/dhcp.ini", e.Message);
        Assert.Contains("[lan|0]", e.Message);
        Assert.Contains("lease-time", e.Message);
    }

    [Fact]
    public void Bad_address_names_section_key_and_value()
    {
        var e = Bad("[lan|0]\nlease-time = 60\n[02:00:00:00:00:01]\nip = 10.0.0.300\nsubnet = lan\nserial = 0\n");
        Assert.Contains("[02:00:00:00:00:01]", e.Message);
        Assert.Contains("ip", e.Message);
        Assert.Contains("10.0.0.300", e.Message);
    }

    [Theory]
    [InlineData("subnet = lan\nip = 10.0.0.1\n", "serial")]
    [InlineData("serial = 0\nip = 10.0.0.1\n", "subnet")]
    [InlineData("subnet = lan\nserial = 0\n", "ip")]
    [InlineData("subnet = lan\nserial = x\nip = 10.0.0.1\n", "serial")]
    public void Map_without_a_required_key_is_rejected(string body, string key)
    {
        var e = Bad($"[lan|0]\nlease-time = 60\n[02:00:00:00:00:01]\n{body}");
        Assert.Contains($"[02:00:00:00:00:01] (line 3) {key}:", e.Message);
    }

    [Fact]
    public void Reference_to_an_undefined_subnet_is_rejected_at_load()
    {
        var e = Bad("[lan|0]\nlease-time = 60\n[02:00:00:00:00:01]\nip = 10.0.0.1\nsubnet = lan\nserial = 1\n");
        Assert.Contains("[lan|1]", e.Message);
        Assert.Contains("not defined", e.Message);
    }

    [Fact]
    public void Same_mac_spelled_twice_is_rejected()
    {
        var e = Bad("[lan|0]\nlease-time = 60\n" +
                    "[02:00:00:00:00:01]\nip = 10.0.0.1\nsubnet = lan\nserial = 0\n" +
                    "[02-00-00-00-00-01]\nip = 10.0.0.2\nsubnet = lan\nserial = 0\n");
        Assert.Contains("same MAC", e.Message);
    }

    [Fact]
    public void Syntax_errors_name_the_line()
    {
        Assert.Contains("dhcp.ini:2", Bad("[lan|0]\nlease-time\n").Message);
        Assert.Contains("dhcp.ini:1", Bad("lease-time = 5\n").Message);
        Assert.Contains("dhcp.ini:3", Bad("[lan|0]\nlease-time = 5\n[lan|0]\n").Message);
    }

    [Fact]
    public async Task Source_rereads_the_file_on_reload_and_keeps_old_content_when_the_new_file_is_bad()
    {
        using var dir = new TempDir();
        var path = dir.File("dhcp.ini");
        var mac = MacAddress.Parse("02:00:00:00:00:01");
        await File.WriteAllTextAsync(path, "[lan|0]\nlease-time = 60\n[02:00:00:00:00:01]\nip = 10.0.0.1\nsubnet = lan\nserial = 0\n");
        var source = new IniDefinitionSource(path);
        Assert.Equal(Ipv4Address.Parse("10.0.0.1"), (await source.LookupAsync(mac, default))?.Ip);

        await File.WriteAllTextAsync(path, "[lan|0]\nlease-time = 60\n[02:00:00:00:00:01]\nip = 10.0.0.2\nsubnet = lan\nserial = 0\n");
        await source.ReloadAsync(default);
        Assert.Equal(Ipv4Address.Parse("10.0.0.2"), (await source.LookupAsync(mac, default))?.Ip);

        await File.WriteAllTextAsync(path, "[lan|0]\n");
        var e = await Assert.ThrowsAsync<StaticDefinitionException>(() => source.ReloadAsync(default));
        Assert.Contains(path, e.Message);
        Assert.Equal(Ipv4Address.Parse("10.0.0.2"), (await source.LookupAsync(mac, default))?.Ip);
        Assert.Contains("1 maps, 1 subnets", await source.ProbeAsync(default));
    }

    [Fact]
    public void Missing_file_is_reported_with_its_path()
    {
        var e = Assert.Throws<StaticDefinitionException>(() => new IniDefinitionSource("/nonexistent/dhcp.ini"));
        Assert.Contains("/nonexistent/dhcp.ini", e.Message);
    }
}
