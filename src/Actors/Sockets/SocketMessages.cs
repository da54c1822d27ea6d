using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Sockets;

/// <summary>A decoded request, sent by a DhcpSocket to the request handler; <paramref name="Replies"/> sends the reply
/// out of the interface it came in on.</summary>
public sealed record DhcpRequestReceived(DhcpPacket Packet, Ingress Ingress, IReplySender Replies);

/// <summary>An encoded reply, for the sender of the interface that received the request.</summary>
public sealed record SendDhcpReply(byte[] Payload, ReplyDestination Destination, MacAddress ClientMac, DhcpMessageType Type);
