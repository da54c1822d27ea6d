using SharpPcap;
using SharpPcap.LibPcap;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Sockets;

/// <summary>An <see cref="ILinkDevice"/> on one libpcap handle (Debian's libpcap0.8; needs CAP_NET_RAW). Not
/// promiscuous; immediate mode, so a reply reaches the scanner when it arrives rather than when a buffer fills.</summary>
public sealed class PcapLinkDevice : ILinkDevice
{
    private readonly LibPcapLiveDevice _device;
    private readonly Lock _send = new();
    private volatile Action<byte[]>? _arpReply;
    private bool _capturing;

    /// <exception cref="InvalidOperationException">libpcap does not see the interface</exception>
    /// <exception cref="PcapException">it cannot be opened (without CAP_NET_RAW: "PermissionDenied")</exception>
    public PcapLinkDevice(string interfaceName, MacAddress ownMac)
    {
        Interface = interfaceName;
        _device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == interfaceName)
                  ?? throw new InvalidOperationException($"libpcap does not see interface '{interfaceName}'");
        _device.Open(new DeviceConfiguration { Mode = DeviceModes.None, Immediate = true, ReadTimeout = 100 });
        try
        {
            // ARP replies only (operation 2), and not the ones this host sends itself.
            _device.Filter = $"arp and arp[6:2] = 2 and not ether src {ownMac}";
        }
        catch
        {
            _device.Close();
            throw;
        }
    }

    public string Interface { get; }

    public void Send(byte[] frame)
    {
        // pcap_sendpacket on one handle from the socket actor and the scanner at once: one at a time.
        lock (_send) _device.SendPacket(frame);
    }

    public void OnArpReply(Action<byte[]> handler)
    {
        _arpReply = handler; // a restarted scanner takes over the capture
        if (_capturing) return;
        _capturing = true;
        _device.OnPacketArrival += (_, e) => _arpReply?.Invoke(e.GetPacket().Data);
        _device.StartCapture();
    }

    public void Dispose()
    {
        if (_capturing) _device.StopCapture();
        _device.Close();
    }
}
