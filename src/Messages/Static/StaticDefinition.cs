using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Static;

/// <summary>
/// One staticDHCPd definition: host fields (ip, hostname) from <c>maps</c>, everything else from the
/// <c>subnets</c> row joined on (subnet, serial).
/// </summary>
public sealed record StaticDefinition(
    MacAddress Mac,
    Ipv4Address Ip,
    string? Hostname,
    string Subnet,
    int Serial,
    uint LeaseTimeSeconds,
    IReadOnlyList<Ipv4Address> Gateways,
    Ipv4Address? SubnetMask,
    Ipv4Address? BroadcastAddress,
    string? DomainName,
    IReadOnlyList<Ipv4Address> DomainNameServers,
    IReadOnlyList<Ipv4Address> NtpServers);
