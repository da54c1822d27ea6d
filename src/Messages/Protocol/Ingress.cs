using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Protocol;

/// <summary>
/// Where a datagram came in: the served interface, the UDP source, and the IP destination (IP_PKTINFO) —
/// the destination tells a unicast RENEW from a broadcast REBIND.
/// </summary>
public sealed record Ingress(
    string InterfaceName,
    Ipv4Address InterfaceAddress,
    Ipv4Address SourceAddress,
    int SourcePort,
    Ipv4Address DestinationAddress)
{
    public bool WasBroadcast => IsBroadcast(DestinationAddress);

    /// <summary>Whether a datagram sent to <paramref name="destination"/> reached every host on the segment.</summary>
    public static bool IsBroadcast(Ipv4Address destination) => destination == Ipv4Address.Broadcast || destination.IsAny;
}
