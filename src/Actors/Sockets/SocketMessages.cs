using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Sockets;

/// <summary>A decoded request, sent by a DhcpSocket (the Sender) to the request handler.</summary>
public sealed record DhcpRequestReceived(DhcpPacket Packet, Ingress Ingress);

/// <summary>An encoded reply for the DhcpSocket that received the request.</summary>
public sealed record SendDhcpReply(byte[] Payload, ReplyDestination Destination, MacAddress ClientMac, DhcpMessageType Type);
