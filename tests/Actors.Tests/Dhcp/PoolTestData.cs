using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Tests.Dhcp;

internal static class PoolTestData
{
    public static PoolSettings Pool(string name, string subnet, string first, string last) => new()
    {
        Name = name,
        Subnet = Subnet(subnet),
        Ranges = [(Ipv4Address.Parse(first), Ipv4Address.Parse(last))],
        LeaseTime = TimeSpan.FromMinutes(5),
        Routers = [Ipv4Address.Parse("10.77.0.1")],
        DnsServers = [Ipv4Address.Parse("10.77.0.53")],
        DomainName = "lan.example",
    };

    public static readonly PoolSettings Guests = Pool("guests", "10.77.0.0/16", "10.77.100.10", "10.77.100.250");
    public static readonly PoolSettings Remote = Pool("remote", "10.67.0.0/24", "10.67.0.100", "10.67.0.200");

    public static Ipv4Subnet Subnet(string text) =>
        Ipv4Subnet.TryParse(text, out var s) ? s : throw new ArgumentException(text);

    /// <summary>eth0 carries the static network and the guests' registration network, as in the LAN-party setup.</summary>
    public static PoolSelector Selector() => new([Guests, Remote], new Dictionary<string, IReadOnlyList<Ipv4Address>>
    {
        ["eth0"] = [Ipv4Address.Parse("10.66.0.1"), Ipv4Address.Parse("10.77.0.1")],
        ["eth1"] = [Ipv4Address.Parse("10.99.0.1")],
    });
}
