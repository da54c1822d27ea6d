using System.Net;
using System.Net.Sockets;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Integration.Tests.Wire;

/// <summary>
/// A scripted DHCP client on UDP 68 inside a lab namespace: sends exactly the packet a test builds and
/// collects the replies, so a test can check what went over the wire (options, echo, silence).
/// Replies reach it when they are broadcast (set the broadcast flag) or unicast to an address the
/// namespace holds.
/// </summary>
public sealed class WireClient : IDisposable
{
    private readonly Socket _socket;

    /// <param name="port">68 for a client; 67 to stand where a relay stands (replies to giaddr come to port 67).</param>
    public WireClient(string netns, string device = "eth0", int port = 68) => _socket = NamespaceSocket.CreateUdp(netns, device, port);

    public static DhcpPacket NewRequest(DhcpMessageType type, MacAddress mac, uint xid, bool broadcast = true)
    {
        var chaddr = new byte[16];
        mac.WriteTo(chaddr);
        var p = new DhcpPacket { Op = BootOp.BootRequest, TransactionId = xid, ClientHardwareAddress = chaddr };
        p.BroadcastFlag = broadcast;
        p.Options.MessageType = type;
        return p;
    }

    public void Send(DhcpPacket p, string to = "255.255.255.255") => SendRaw(DhcpCodec.Encode(p), to);

    public void SendRaw(byte[] datagram, string to = "255.255.255.255") =>
        _socket.SendTo(datagram, new IPEndPoint(IPAddress.Parse(to), 67));

    /// <summary>Replies with transaction id <paramref name="xid"/> that arrive within <paramref name="window"/>.</summary>
    public List<DhcpPacket> Collect(uint xid, TimeSpan window) => Receive(xid, window, untilFirst: false);

    private List<DhcpPacket> Receive(uint xid, TimeSpan window, bool untilFirst)
    {
        var replies = new List<DhcpPacket>();
        var buffer = new byte[2048];
        var deadline = DateTime.UtcNow + window;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return replies;
            _socket.ReceiveTimeout = Math.Max(1, (int)left.TotalMilliseconds);
            try
            {
                var n = _socket.Receive(buffer);
                var d = DhcpCodec.Decode(buffer.AsSpan(0, n));
                if (d.Ok && d.Packet!.Op == BootOp.BootReply && d.Packet.TransactionId == xid)
                {
                    replies.Add(d.Packet);
                    if (untilFirst) return replies;
                }
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                return replies;
            }
        }
    }

    /// <summary>Sends and returns the first reply as soon as it arrives (null when none comes within <paramref name="wait"/>).</summary>
    public DhcpPacket? Exchange(DhcpPacket p, TimeSpan wait, string to = "255.255.255.255")
    {
        Send(p, to);
        return Receive(p.TransactionId, wait, untilFirst: true).FirstOrDefault();
    }

    public void Dispose() => _socket.Dispose();
}
