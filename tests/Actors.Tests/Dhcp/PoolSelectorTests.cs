using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Actors.Tests.Dhcp.PoolTestData;
using static StaticDhcpd.Actors.Tests.Dhcp.TestPackets;

namespace StaticDhcpd.Actors.Tests.Dhcp;

public class PoolSelectorTests
{
    private static Ingress On(string iface) => new(iface, ServerId, Ipv4Address.Any, 68, Ipv4Address.Broadcast);

    [Fact]
    public void A_local_client_gets_the_pool_of_any_network_on_its_ingress_interface()
    {
        Assert.Equal("guests", Selector().Select(Client(DhcpMessageType.Discover), On("eth0"))?.Name);
    }

    [Fact]
    public void An_interface_without_a_pooled_network_has_no_pool()
    {
        Assert.Null(Selector().Select(Client(DhcpMessageType.Discover), On("eth1")));
    }

    [Fact]
    public void A_relayed_client_gets_the_pool_of_giaddr_not_of_the_interface()
    {
        var s = Selector();
        Assert.Equal("remote", s.Select(Client(DhcpMessageType.Discover, giaddr: "10.67.0.1"), On("eth0"))?.Name);
        Assert.Null(s.Select(Client(DhcpMessageType.Discover, giaddr: "10.68.0.1"), On("eth0")));
    }

    [Fact]
    public void Subnet_selection_wins_over_giaddr_and_link_selection_wins_over_both()
    {
        var s = Selector();
        var p = Client(DhcpMessageType.Discover, giaddr: "10.68.0.1");
        p.Options.SubnetSelection = Ipv4Address.Parse("10.67.0.0");
        Assert.Equal("remote", s.Select(p, On("eth1"))?.Name);

        p.Options.Set(DhcpOptionCode.RelayAgentInformation, [1, 2, 0xab, 0xcd, 5, 4, 10, 77, 3, 0]);
        Assert.Equal("guests", s.Select(p, On("eth1"))?.Name);
    }

    [Fact]
    public void The_owning_pool_is_the_one_whose_ranges_hold_the_address()
    {
        var s = Selector();
        Assert.Equal("guests", s.Owning(Ipv4Address.Parse("10.77.100.10"))?.Name);
        Assert.Equal("guests", s.Owning(Ipv4Address.Parse("10.77.100.250"))?.Name);
        Assert.Null(s.Owning(Ipv4Address.Parse("10.77.100.251")));
        Assert.Null(s.Owning(Ipv4Address.Parse("10.77.0.5")));
    }
}
