namespace StaticDhcpd.Actors.Sockets;

/// <summary>One served interface at the link layer: raw Ethernet frames out (DHCP replies to chaddr, ARP requests) and
/// ARP replies addressed to this host in. One per interface, shared by its DhcpSocket and its ArpScanner.</summary>
public interface ILinkDevice : IDisposable
{
    string Interface { get; }

    /// <summary>Safe from any thread.</summary>
    void Send(byte[] frame);

    /// <summary>Starts delivering each ARP reply sent to this host (its Ethernet frame) to <paramref name="handler"/>,
    /// on the capture thread; a later call replaces the handler.</summary>
    void OnArpReply(Action<byte[]> handler);
}
