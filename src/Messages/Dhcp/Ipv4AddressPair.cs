using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Dhcp;

/// <summary>Two addresses carried together: policy filter (21: address, mask) and static route (33: destination, router).</summary>
public readonly record struct Ipv4AddressPair(Ipv4Address First, Ipv4Address Second);
