using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Arp;

/// <summary>A served interface as ARP sees it: the subnets of its IPv4 addresses (a segment may carry a registration
/// subnet beside its own) and its link device, or why it has none (<paramref name="Unavailable"/>).</summary>
public sealed record ArpLink(string Interface, MacAddress Mac, IReadOnlyList<Ipv4Subnet> Subnets, ILinkDevice? Device,
    string? Unavailable)
{
    /// <summary>The link facing <paramref name="address"/>: the first whose subnets hold it.</summary>
    public static ArpLink? Facing(IReadOnlyList<ArpLink> links, Ipv4Address address) =>
        links.FirstOrDefault(l => l.Subnets.Any(s => s.Contains(address)));
}
