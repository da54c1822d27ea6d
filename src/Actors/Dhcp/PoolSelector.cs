using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Dhcp;

/// <summary>
/// Which pool serves an unknown client's packet: the relay's view of the client's link first (RFC 3527 link
/// selection in option 82, then RFC 3011 subnet selection, then giaddr), else the networks of the interface it
/// arrived on. A segment's interface may carry several networks (a LAN party's registration subnet beside the
/// static one), so every address of the interface is considered.
/// </summary>
public sealed class PoolSelector
{
    private readonly IReadOnlyList<PoolSettings> _pools;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<Ipv4Address>> _interfaceAddresses;

    public PoolSelector(IReadOnlyList<PoolSettings> pools,
        IReadOnlyDictionary<string, IReadOnlyList<Ipv4Address>> interfaceAddresses)
    {
        _pools = pools;
        _interfaceAddresses = interfaceAddresses;
    }

    public bool IsEmpty => _pools.Count == 0;

    public PoolSettings? Select(DhcpPacket request, Ingress ingress)
    {
        if (_pools.Count == 0) return null;
        var link = request.Options.RelayAgentInformation?.LinkSelection
                   ?? request.Options.SubnetSelection
                   ?? (request.RelayAddress.IsAny ? null : request.RelayAddress);
        if (link is { } relayed) return InSubnet(relayed);
        if (_interfaceAddresses.TryGetValue(ingress.InterfaceName, out var addresses))
            foreach (var a in addresses)
                if (InSubnet(a) is { } pool) return pool;
        return InSubnet(ingress.InterfaceAddress);
    }

    /// <summary>The pool whose ranges hand out <paramref name="address"/>, if any.</summary>
    public PoolSettings? Owning(Ipv4Address address) =>
        _pools.FirstOrDefault(p => p.Ranges.Any(r => address.Value >= r.First.Value && address.Value <= r.Last.Value));

    private PoolSettings? InSubnet(Ipv4Address a) => _pools.FirstOrDefault(p => p.Subnet.Contains(a));
}
