using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Messages.Static;

namespace StaticDhcpd.Actors.Tests.Dhcp;

internal static class TestPackets
{
    public static readonly Ipv4Address ServerId = Ipv4Address.Parse("10.66.0.1");
    public static readonly MacAddress Mac = MacAddress.Parse("02:00:00:00:00:01");

    public static DhcpPacket Client(DhcpMessageType type, MacAddress? mac = null, string? ciaddr = null,
        string? requested = null, string? serverId = null, string? giaddr = null, bool broadcast = false)
    {
        var chaddr = new byte[16];
        (mac ?? Mac).WriteTo(chaddr);
        var p = new DhcpPacket
        {
            Op = BootOp.BootRequest,
            TransactionId = 0x12345678,
            ClientHardwareAddress = chaddr,
            ClientAddress = ciaddr is null ? Ipv4Address.Any : Ipv4Address.Parse(ciaddr),
            RelayAddress = giaddr is null ? Ipv4Address.Any : Ipv4Address.Parse(giaddr),
        };
        p.BroadcastFlag = broadcast;
        p.Options.MessageType = type;
        if (requested is not null) p.Options.RequestedAddress = Ipv4Address.Parse(requested);
        if (serverId is not null) p.Options.ServerIdentifier = Ipv4Address.Parse(serverId);
        return p;
    }

    public static Ingress Unicast(string from = "10.66.0.50") =>
        new("eth0", ServerId, Ipv4Address.Parse(from), 68, ServerId);

    public static Ingress Broadcast() =>
        new("eth0", ServerId, Ipv4Address.Any, 68, Ipv4Address.Broadcast);

    public static StaticDefinition Definition(string ip = "10.66.0.50", uint lease = 3600) => new(
        Mac, Ipv4Address.Parse(ip), "host50", "10.66.0.0/24", 0, lease,
        [Ipv4Address.Parse("10.66.0.254")], Ipv4Address.Parse("255.255.255.0"), Ipv4Address.Parse("10.66.0.255"),
        "lab.example", [Ipv4Address.Parse("10.66.0.53")], []);
}
