using PacketDotNet;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Sockets;

/// <summary>
/// Builds Ethernet II + IPv4 + UDP around a DHCP payload (PacketDotNet), for replies sent as raw frames to chaddr:
/// a client without an address cannot be reached by IP unicast (no ARP answer), and some clients ignore broadcast
/// replies (staticDHCPd issue #15).
/// </summary>
public static class UdpFrameBuilder
{
    public static byte[] Build(
        MacAddress sourceMac, MacAddress destinationMac,
        Ipv4Address sourceIp, Ipv4Address destinationIp,
        ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var udp = new UdpPacket(sourcePort, destinationPort) { PayloadData = payload.ToArray() };
        var ip = new IPv4Packet(sourceIp.ToIPAddress(), destinationIp.ToIPAddress())
        {
            TimeToLive = 64,
            FragmentFlags = 0x2, // don't fragment
            PayloadPacket = udp,
        };
        var ethernet = new EthernetPacket(sourceMac.ToPhysicalAddress(), destinationMac.ToPhysicalAddress(), EthernetType.IPv4)
        {
            PayloadPacket = ip,
        };
        ethernet.UpdateCalculatedValues();
        udp.UpdateUdpChecksum();
        ip.UpdateIPChecksum();
        return ethernet.Bytes;
    }
}
