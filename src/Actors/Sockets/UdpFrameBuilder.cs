using System.Buffers.Binary;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Sockets;

/// <summary>
/// Builds Ethernet II + IPv4 + UDP around a DHCP payload, for replies sent as raw frames to chaddr:
/// a client without an address cannot be reached by IP unicast (no ARP answer), and some clients
/// ignore broadcast replies (staticDHCPd issue #15).
/// </summary>
public static class UdpFrameBuilder
{
    private const int EthernetHeader = 14, IpHeader = 20, UdpHeader = 8;

    public static byte[] Build(
        MacAddress sourceMac, MacAddress destinationMac,
        Ipv4Address sourceIp, Ipv4Address destinationIp,
        ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[EthernetHeader + IpHeader + UdpHeader + payload.Length];
        var f = frame.AsSpan();
        destinationMac.WriteTo(f[0..6]);
        sourceMac.WriteTo(f[6..12]);
        BinaryPrimitives.WriteUInt16BigEndian(f[12..14], 0x0800);

        var ip = f.Slice(EthernetHeader, IpHeader);
        ip[0] = 0x45;                                            // IPv4, 5-word header
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..4], (ushort)(IpHeader + UdpHeader + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..8], 0x4000); // don't fragment
        ip[8] = 64;                                              // TTL
        ip[9] = 17;                                              // UDP
        sourceIp.WriteTo(ip[12..16]);
        destinationIp.WriteTo(ip[16..20]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..12], Checksum(ip, 0));

        var udp = f.Slice(EthernetHeader + IpHeader);
        BinaryPrimitives.WriteUInt16BigEndian(udp[0..2], sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..4], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..6], (ushort)(UdpHeader + payload.Length));
        payload.CopyTo(udp[UdpHeader..]);
        // UDP checksum over the pseudo-header (src, dst, proto, length) and the datagram.
        uint pseudo = (sourceIp.Value >> 16) + (sourceIp.Value & 0xFFFF) + (destinationIp.Value >> 16)
                      + (destinationIp.Value & 0xFFFF) + 17u + (uint)udp.Length;
        var sum = Checksum(udp, pseudo);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..8], sum == 0 ? (ushort)0xFFFF : sum);
        return frame;
    }

    /// <summary>RFC 1071 one's-complement sum, seeded with <paramref name="initial"/>.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data, uint initial)
    {
        ulong sum = initial;
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += (uint)(data[i] << 8 | data[i + 1]);
        if (i < data.Length) sum += (uint)(data[i] << 8);
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
