using System.Net.NetworkInformation;
using System.Net.Sockets;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Sockets;

/// <summary>A served interface as the kernel reports it at start-up.</summary>
public sealed record InterfaceInfo(string Name, int Index, MacAddress Mac, Ipv4Address Address, int PrefixLength)
{
    public Ipv4Address Network => new(Address.Value & Mask);
    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);
    public bool Contains(Ipv4Address a) => (a.Value & Mask) == Network.Value;

    /// <exception cref="InvalidOperationException">no such interface, or it has no IPv4 address</exception>
    public static InterfaceInfo Resolve(string name)
    {
        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name)
                  ?? throw new InvalidOperationException($"interface '{name}' does not exist");
        var props = nic.GetIPProperties();
        var v4 = props.UnicastAddresses.FirstOrDefault(u => u.Address.AddressFamily == AddressFamily.InterNetwork)
                 ?? throw new InvalidOperationException($"interface '{name}' has no IPv4 address");
        var macBytes = nic.GetPhysicalAddress().GetAddressBytes();
        var mac = macBytes.Length == 6 ? MacAddress.FromBytes(macBytes) : default;
        return new InterfaceInfo(name, props.GetIPv4Properties().Index, mac,
            Ipv4Address.FromIPAddress(v4.Address), v4.PrefixLength);
    }
}
