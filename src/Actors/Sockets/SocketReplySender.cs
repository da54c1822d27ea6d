using System.Net;
using System.Net.Sockets;
using Akka.Event;
using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Actors.Statistics;

namespace StaticDhcpd.Actors.Sockets;

/// <summary>A DhcpSocket's sending half: UDP on its socket (Socket.SendTo is thread-safe), or a raw frame to chaddr on
/// the interface's link device when the reply's path says so and raw replies are on.</summary>
public sealed class SocketReplySender(InterfaceInfo iface, Socket socket, ILinkDevice? raw, DhcpCounters counters, ILoggingAdapter log)
    : IReplySender
{
    public void Send(SendDhcpReply r)
    {
        try
        {
            var d = r.Destination;
            if (d.Path == ReplyPath.RawToHardwareAddress && raw is not null)
            {
                raw.Send(UdpFrameBuilder.Build(iface.Mac, r.ClientMac, iface.Address, d.Address,
                    ReplyRouting.ServerPort, ReplyRouting.ClientPort, r.Payload));
            }
            else
            {
                var to = d.Path == ReplyPath.RawToHardwareAddress
                    ? new IPEndPoint(IPAddress.Broadcast, ReplyRouting.ClientPort)
                    : new IPEndPoint(d.Address.ToIPAddress(), d.Port);
                socket.SendTo(r.Payload, to);
            }
            counters.CountReply(r.Type);
        }
        catch (ObjectDisposedException)
        {
            // The socket closed (the node is stopping) while the reply was decided: nothing to send it on.
        }
        catch (Exception e) when (e is SocketException or SharpPcap.PcapException)
        {
            counters.CountSendError();
            log.Warning("sending {0} to {1} via {2} failed: {3}", r.Type, r.ClientMac, r.Destination.Path, e.Message);
        }
    }
}
