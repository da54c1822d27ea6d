using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Dhcp;

public class UdpFrameBuilderTests
{
    [Fact]
    public void Frame_carries_the_payload_with_valid_ip_and_udp_checksums()
    {
        var payload = Enumerable.Range(0, 301).Select(i => (byte)i).ToArray();
        var frame = UdpFrameBuilder.Build(MacAddress.Parse("02:00:00:00:00:01"), MacAddress.Parse("02:00:00:00:00:02"),
            Ipv4Address.Parse("10.66.0.1"), Ipv4Address.Parse("10.66.0.50"), 67, 68, payload);
        Assert.Equal(14 + 20 + 8 + 301, frame.Length);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00 }, frame[..14]);
        var ip = frame.AsSpan(14, 20);
        Assert.Equal(0x45, ip[0]);
        Assert.Equal(14 + 20 + 8 + 301 - 14, ip[2] << 8 | ip[3]);
        Assert.Equal(0x40, ip[6] & 0xE0); // don't fragment
        Assert.Equal((64, 17), (ip[8], ip[9]));
        Assert.Equal(new byte[] { 10, 66, 0, 1, 10, 66, 0, 50 }, ip[12..20].ToArray());
        // A correct header sums to zero (RFC 1071), the UDP datagram with its pseudo-header too.
        Assert.Equal(0, Rfc1071(ip, 0));
        var udp = frame.AsSpan(34);
        Assert.Equal((67, 68, 8 + 301), (udp[0] << 8 | udp[1], udp[2] << 8 | udp[3], udp[4] << 8 | udp[5]));
        var src = Ipv4Address.Parse("10.66.0.1").Value;
        var dst = Ipv4Address.Parse("10.66.0.50").Value;
        uint pseudo = (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + 17u + (uint)udp.Length;
        Assert.NotEqual(0, udp[6] << 8 | udp[7]); // 0 would mean "no checksum"
        Assert.Equal(0, Rfc1071(udp, pseudo));
        Assert.Equal(payload, udp[8..].ToArray());
    }

    /// <summary>RFC 1071 one's-complement sum, seeded with <paramref name="initial"/>.</summary>
    private static ushort Rfc1071(ReadOnlySpan<byte> data, uint initial)
    {
        ulong sum = initial;
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += (uint)(data[i] << 8 | data[i + 1]);
        if (i < data.Length) sum += (uint)(data[i] << 8);
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
