using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Actors.Tests.Dhcp.TestPackets;

namespace StaticDhcpd.Actors.Tests.Dhcp;

public class RequestClassifierTests
{
    [Fact]
    public void Selecting_has_server_id_and_requested_address() =>
        Assert.Equal(DhcpMethod.RequestSelecting, RequestClassifier.Classify(
            Client(DhcpMessageType.Request, requested: "10.66.0.50", serverId: "10.66.0.1"), Broadcast()).Method);

    [Fact]
    public void Init_reboot_has_requested_address_only() =>
        Assert.Equal(DhcpMethod.RequestInitReboot, RequestClassifier.Classify(
            Client(DhcpMessageType.Request, requested: "10.66.0.50"), Broadcast()).Method);

    [Fact]
    public void Unicast_request_with_ciaddr_is_renew() =>
        Assert.Equal(DhcpMethod.RequestRenew, RequestClassifier.Classify(
            Client(DhcpMessageType.Request, ciaddr: "10.66.0.50"), Unicast()).Method);

    [Fact]
    public void Broadcast_request_with_ciaddr_is_rebind_even_from_a_configured_source() =>
        Assert.Equal(DhcpMethod.RequestRebind, RequestClassifier.Classify(
            Client(DhcpMessageType.Request, ciaddr: "10.66.0.50"),
            Broadcast() with { SourceAddress = StaticDhcpd.Messages.Net.Ipv4Address.Parse("10.66.0.50") }).Method);

    [Fact]
    public void Relayed_request_with_ciaddr_is_rebind() =>
        Assert.Equal(DhcpMethod.RequestRebind, RequestClassifier.Classify(
            Client(DhcpMessageType.Request, ciaddr: "10.67.0.50", giaddr: "10.67.0.1"), Unicast("10.67.0.1")).Method);

    [Theory]
    [InlineData(null, null, null)]                      // nothing to go on
    [InlineData("10.66.0.50", "10.66.0.50", null)]      // ciaddr and option 50
    [InlineData("10.66.0.50", "10.66.0.50", "10.66.0.1")]
    public void Incoherent_requests_are_invalid(string? ciaddr, string? requested, string? serverId)
    {
        var c = RequestClassifier.Classify(
            Client(DhcpMessageType.Request, ciaddr: ciaddr, requested: requested, serverId: serverId), Broadcast());
        Assert.Null(c.Method);
        Assert.NotNull(c.Problem);
    }

    [Fact]
    public void Release_without_server_id_is_invalid() =>
        Assert.Null(RequestClassifier.Classify(Client(DhcpMessageType.Release, ciaddr: "10.66.0.50"), Unicast()).Method);

    [Fact]
    public void Server_messages_are_not_requests() =>
        Assert.Null(RequestClassifier.Classify(Client(DhcpMessageType.Offer), Broadcast()).Method);
}
