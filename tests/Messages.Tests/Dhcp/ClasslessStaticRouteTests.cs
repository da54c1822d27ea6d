using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Messages.Tests.Dhcp;

/// <summary>RFC 3442 option 121.</summary>
public class ClasslessStaticRouteTests
{
    private static readonly Ipv4Address Router = Ipv4Address.Parse("10.0.0.1");

    /// <summary>The table of RFC 3442 §3: subnet number, mask width, destination descriptor.</summary>
    [Theory]
    [InlineData("0.0.0.0", 0, new byte[] { 0 })]
    [InlineData("10.0.0.0", 8, new byte[] { 8, 10 })]
    [InlineData("10.0.0.0", 24, new byte[] { 24, 10, 0, 0 })]
    [InlineData("10.17.0.0", 16, new byte[] { 16, 10, 17 })]
    [InlineData("10.27.129.0", 24, new byte[] { 24, 10, 27, 129 })]
    [InlineData("10.229.0.128", 25, new byte[] { 25, 10, 229, 0, 128 })]
    [InlineData("10.198.122.47", 32, new byte[] { 32, 10, 198, 122, 47 })]
    public void Destination_descriptors_match_the_RFC_examples(string subnet, int width, byte[] descriptor)
    {
        var route = new ClasslessRoute(Ipv4Address.Parse(subnet), width, Router);
        byte[] expected = [.. descriptor, 10, 0, 0, 1];

        var o = new DhcpOptions { ClasslessStaticRoutes = [route] };

        Assert.Equal(expected, o.Get(DhcpOptionCode.ClasslessStaticRoute));
        Assert.Equal([route], o.ClasslessStaticRoutes!);
    }

    [Fact]
    public void Several_routes_including_a_default_and_an_on_link_route_round_trip()
    {
        List<ClasslessRoute> routes =
        [
            new(Ipv4Address.Parse("192.168.10.0"), 24, Ipv4Address.Parse("192.168.1.254")),
            new(Ipv4Address.Parse("172.16.0.0"), 12, Ipv4Address.Any),
            new(Ipv4Address.Any, 0, Ipv4Address.Parse("192.168.1.1")),
        ];
        var p = new DhcpPacket();
        p.Options.MessageType = DhcpMessageType.Ack;
        p.Options.ClasslessStaticRoutes = routes;

        var back = DhcpCodec.Decode(DhcpCodec.Encode(p)).Packet!.Options;

        Assert.Equal(new byte[] { 24, 192, 168, 10, 192, 168, 1, 254, 12, 172, 16, 0, 0, 0, 0, 0, 192, 168, 1, 1 },
            back.Get(DhcpOptionCode.ClasslessStaticRoute));
        Assert.Equal(routes, back.ClasslessStaticRoutes!);
    }

    [Theory]
    [InlineData(new byte[] { 33, 10, 0, 0, 0, 0, 10, 0, 0, 1 })] // width over 32
    [InlineData(new byte[] { 24, 10, 0, 0, 10, 0, 0 })]          // router cut short
    [InlineData(new byte[] { 8, 10, 10, 0, 0, 1, 16 })]          // trailing partial route
    public void Malformed_routes_read_as_null(byte[] value)
    {
        var o = new DhcpOptions();
        o.Set(DhcpOptionCode.ClasslessStaticRoute, value);
        Assert.Null(o.ClasslessStaticRoutes);
    }

    [Fact]
    public void Host_bits_past_the_prefix_are_not_sent()
    {
        var o = new DhcpOptions { ClasslessStaticRoutes = [new(Ipv4Address.Parse("10.1.2.3"), 16, Router)] };
        Assert.Equal(new byte[] { 16, 10, 1, 10, 0, 0, 1 }, o.Get(DhcpOptionCode.ClasslessStaticRoute));
    }

    [Fact]
    public void Prefix_lengths_outside_0_to_32_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClasslessRoute(Router, 33, Router));
}
