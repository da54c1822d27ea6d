using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Pools;

/// <summary>An IPv4 network: its address (host bits zero) and prefix length, e.g. 10.77.0.0/16.</summary>
public readonly record struct Ipv4Subnet
{
    public Ipv4Address Network { get; }
    public int PrefixLength { get; }

    public Ipv4Subnet(Ipv4Address network, int prefixLength)
    {
        if (prefixLength is < 0 or > 32) throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, "0..32");
        if ((network.Value & ~MaskOf(prefixLength)) != 0)
            throw new ArgumentException($"{network}/{prefixLength} has host bits set", nameof(network));
        Network = network;
        PrefixLength = prefixLength;
    }

    public Ipv4Address Mask => new(MaskOf(PrefixLength));
    public Ipv4Address Broadcast => new(Network.Value | ~MaskOf(PrefixLength));

    public bool Contains(Ipv4Address address) => (address.Value & MaskOf(PrefixLength)) == Network.Value;

    /// <summary>Parses "a.b.c.d/n"; refuses host bits set, so a typo in the network is not silently widened.</summary>
    public static bool TryParse(string? text, out Ipv4Subnet subnet)
    {
        subnet = default;
        var parts = text?.Trim().Split('/');
        if (parts is not { Length: 2 } || !Ipv4Address.TryParse(parts[0], out var network)) return false;
        if (parts[1].Length is 0 or > 2 || !parts[1].All(char.IsAsciiDigit) || !int.TryParse(parts[1], out var prefix) || prefix > 32)
            return false;
        if ((network.Value & ~MaskOf(prefix)) != 0) return false;
        subnet = new Ipv4Subnet(network, prefix);
        return true;
    }

    private static uint MaskOf(int prefixLength) => prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);

    public override string ToString() => $"{Network}/{PrefixLength}";
}
