using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.Event;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Sockets;

/// <summary>
/// Packet I/O for one served interface: UDP 67 bound to the device (so the ingress interface is known),
/// IP_PKTINFO for the destination address (RENEW vs REBIND), decode on the receive thread with malformed
/// datagrams counted and dropped. Each request carries the socket's <see cref="SocketReplySender"/>, with which the
/// handler sends the reply itself, by the path <see cref="ReplyRouting"/> chose.
/// </summary>
public sealed class DhcpSocket : ReceiveActor
{
    private const int SolSocket = 1, SoBindToDevice = 25;

    private readonly InterfaceInfo _iface;
    private readonly DhcpSettings _settings;
    private readonly IActorRef _handler;
    private readonly DhcpCounters _counters;
    private readonly ResponsibilityGate? _gate;
    private readonly ILinkDevice? _raw;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private Socket? _socket;
    private Thread? _receiver;

    /// <param name="gate">Leaves a peer's share of the broadcasts before they are decoded; null = every datagram goes
    /// to the handler.</param>
    /// <param name="link">The interface's link device (shared with its ArpScanner) for replies as raw frames; null, or
    /// raw L2 replies off: replies to a client without an address are broadcast.</param>
    public DhcpSocket(InterfaceInfo iface, DhcpSettings settings, IActorRef handler, DhcpCounters counters,
        ResponsibilityGate? gate = null, ILinkDevice? link = null)
    {
        _iface = iface;
        _settings = settings;
        _handler = handler;
        _counters = counters;
        _gate = gate;
        _raw = settings.RawL2Replies ? link : null;
    }

    public static Props Props(InterfaceInfo iface, DhcpSettings settings, IActorRef handler, DhcpCounters counters,
        ResponsibilityGate? gate = null, ILinkDevice? link = null) =>
        Akka.Actor.Props.Create(() => new DhcpSocket(iface, settings, handler, counters, gate, link));

    protected override void PreStart()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        s.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(_iface.Name + "\0"));
        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, true);
        s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
        s.ReceiveBufferSize = 4 * 1024 * 1024;
        s.Bind(new IPEndPoint(IPAddress.Any, ReplyRouting.ServerPort));
        _socket = s;
        var self = Self;
        var replies = new SocketReplySender(_iface, s, _raw, _counters, _log);
        _receiver = new Thread(() => ReceiveLoop(s, self, replies)) { IsBackground = true, Name = $"dhcp-rx-{_iface.Name}" };
        _receiver.Start();
        _log.Info("serving DHCP on {0} ({1}/{2}, {3})", _iface.Name, _iface.Address, _iface.PrefixLength, _iface.Mac);
    }

    protected override void PostStop() => _socket?.Dispose();

    private void ReceiveLoop(Socket socket, IActorRef self, IReplySender replies)
    {
        var buffer = new byte[4096];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            int n;
            IPPacketInformation info;
            try
            {
                var flags = SocketFlags.None;
                n = socket.ReceiveMessageFrom(buffer, 0, buffer.Length, ref flags, ref from, out info);
            }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted or SocketError.Shutdown or SocketError.NotSocket) { return; }
            catch (SocketException) { continue; }

            _counters.CountReceived();
            var src = (IPEndPoint)from;
            var destination = info.Address is null ? Ipv4Address.Any : Ipv4Address.FromIPAddress(info.Address);
            // A REBIND sent to the subnet's directed broadcast is as broadcast as one to 255.255.255.255.
            if (_iface.PrefixLength < 31 && destination.Value == (_iface.Network.Value | ~_iface.Mask))
                destination = Ipv4Address.Broadcast;
            if (_gate is not null && _gate.LeavesToPeer(buffer.AsSpan(0, n), Ingress.IsBroadcast(destination)))
            {
                _counters.CountLeftToPeer();
                continue;
            }
            var decoded = DhcpCodec.Decode(buffer.AsSpan(0, n));
            if (!decoded.Ok)
            {
                _counters.CountMalformed(decoded.Error);
                continue;
            }
            var ingress = new Ingress(_iface.Name, _iface.Address, Ipv4Address.FromIPAddress(src.Address), src.Port,
                destination);
            _handler.Tell(new DhcpRequestReceived(decoded.Packet!, ingress, replies), self);
        }
    }
}
