using System.Net;
using PacketDotNet;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Arp;

/// <summary>ARP on Ethernet (PacketDotNet): the requests a scan and a conflict check send, and the replies they read.</summary>
public static class ArpFrames
{
    private static readonly MacAddress BroadcastMac = new(0xFFFF_FFFF_FFFF);

    /// <summary>A broadcast "who has <paramref name="target"/>" in RFC 5227's probe form (sender address 0.0.0.0): any
    /// host holding the address answers, and no host's neighbour cache learns an address from it.</summary>
    public static byte[] Probe(MacAddress ownMac, Ipv4Address target)
    {
        var arp = new ArpPacket(ArpOperation.Request, PhysicalAddressOfZero, target.ToIPAddress(), ownMac.ToPhysicalAddress(),
            IPAddress.Any);
        var ethernet = new EthernetPacket(ownMac.ToPhysicalAddress(), BroadcastMac.ToPhysicalAddress(), EthernetType.Arp)
        {
            PayloadPacket = arp,
        };
        return ethernet.Bytes;
    }

    /// <summary>The address and MAC an ARP reply announces; false for anything else (the capture filter already keeps
    /// only replies, but a frame is checked, not trusted).</summary>
    public static bool TryReadReply(byte[] frame, out Ipv4Address address, out MacAddress mac)
    {
        (address, mac) = (default, default);
        try
        {
            if (Packet.ParsePacket(LinkLayers.Ethernet, frame).Extract<ArpPacket>() is not
                { Operation: ArpOperation.Response, ProtocolAddressType: EthernetType.IPv4 } arp)
                return false;
            if (arp.SenderProtocolAddress.GetAddressBytes() is not { Length: 4 } ip) return false;
            address = Ipv4Address.FromBytes(ip);
            mac = MacAddress.FromBytes(arp.SenderHardwareAddress.GetAddressBytes());
            return !address.IsAny;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            return false; // truncated or otherwise malformed
        }
    }

    private static System.Net.NetworkInformation.PhysicalAddress PhysicalAddressOfZero => new(new byte[6]);
}
