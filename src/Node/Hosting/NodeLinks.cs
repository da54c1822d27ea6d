using System.Net.NetworkInformation;
using System.Net.Sockets;
using Akka.Event;
using StaticDhcpd.Actors.Arp;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Node.Hosting;

/// <summary>One link device (libpcap handle) per served interface, opened once and shared by the interface's
/// DhcpSocket (raw replies) and ArpScanner. An interface whose handle cannot be opened (no CAP_NET_RAW, no libpcap) is
/// said once, with what it costs, and the node carries on without it.</summary>
public static class NodeLinks
{
    public static IReadOnlyList<ArpLink> Open(IReadOnlyList<InterfaceInfo> interfaces, ILoggingAdapter log)
    {
        var links = new List<ArpLink>();
        foreach (var iface in interfaces)
        {
            ILinkDevice? device = null;
            string? unavailable = null;
            try { device = new PcapLinkDevice(iface.Name, iface.Mac); }
            catch (Exception e) when (e is SharpPcap.PcapException or InvalidOperationException or DllNotFoundException)
            {
                unavailable = e.Message;
                log.Warning("{0}: raw frames unavailable ({1}): ARP scanning and the conflict check are off on {0}, and replies " +
                            "to clients without an address are broadcast", iface.Name, e.Message);
            }
            links.Add(new ArpLink(iface.Name, iface.Mac, Subnets(iface), device, unavailable));
        }
        return links;
    }

    public static void Close(IReadOnlyList<ArpLink> links)
    {
        foreach (var l in links) l.Device?.Dispose();
    }

    /// <summary>Every IPv4 subnet on the interface, its first address's as well as any alias's.</summary>
    private static IReadOnlyList<Ipv4Subnet> Subnets(InterfaceInfo iface)
    {
        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == iface.Name);
        var subnets = nic?.GetIPProperties().UnicastAddresses
            .Where(u => u.Address.AddressFamily == AddressFamily.InterNetwork)
            .Select(u => SubnetOf(Ipv4Address.FromIPAddress(u.Address), u.PrefixLength))
            .Distinct()
            .ToList() ?? [];
        if (subnets.Count == 0) subnets.Add(SubnetOf(iface.Address, iface.PrefixLength));
        return subnets;
    }

    private static Ipv4Subnet SubnetOf(Ipv4Address address, int prefix) =>
        new(new Ipv4Address(prefix == 0 ? 0 : address.Value & (uint.MaxValue << (32 - prefix))), prefix);
}
