using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Dhcp;

public class UdpFrameBuilderTests
{
    [Fact]
    public void Frame_has_valid_ip_and_udp_checksums()
    {
        var payload = Enumerable.Range(0, 301).Select(i => (byte)i).ToArray();
        var frame = UdpFrameBuilder.Build(MacAddress.Parse("02:00:00:00:00:01"), MacAddress.Parse("02:00:00:00:00:02"),
            Ipv4Address.Parse("10.66.0.1"), Ipv4Address.Parse("10.66.0.50"), 67, 68, payload);
        Assert.Equal(14 + 20 + 8 + 301, frame.Length);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 2 }, frame[..6]);
        // A correct header sums to zero.
        Assert.Equal(0, UdpFrameBuilder.Checksum(frame.AsSpan(14, 20), 0));
        var udp = frame.AsSpan(34);
        var src = Ipv4Address.Parse("10.66.0.1").Value;
        var dst = Ipv4Address.Parse("10.66.0.50").Value;
        uint pseudo = (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + 17u + (uint)udp.Length;
        Assert.Equal(0, UdpFrameBuilder.Checksum(udp, pseudo));
        Assert.Equal(payload, udp[8..].ToArray());
    }
}
