using SharpPcap;
using SharpPcap.LibPcap;

namespace StaticDhcpd.Actors.Sockets;

/// <summary>Sends raw Ethernet frames on one interface through libpcap (libpcap0.8). Send-only: we never capture here.</summary>
public sealed class RawFrameSender : IDisposable
{
    private readonly LibPcapLiveDevice _device;

    public RawFrameSender(string interfaceName)
    {
        _device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == interfaceName)
                  ?? throw new InvalidOperationException($"libpcap does not see interface '{interfaceName}'");
        _device.Open(DeviceModes.None, 100);
    }

    public void Send(byte[] frame) => _device.SendPacket(frame);

    public void Dispose() => _device.Close();
}
