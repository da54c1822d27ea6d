using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Dhcp;

public enum ReplyPath
{
    /// <summary>UDP to giaddr:67 (the relay agent).</summary>
    Relay,
    /// <summary>UDP to ciaddr:68, the client already has its address (RENEW, REBIND, INFORM).</summary>
    UnicastToClientAddress,
    /// <summary>UDP to 255.255.255.255:68 on the ingress interface.</summary>
    Broadcast,
    /// <summary>A raw Ethernet frame to chaddr/yiaddr: the client has no address and cannot receive an IP unicast via ARP.</summary>
    RawToHardwareAddress,
}

public sealed record ReplyDestination(ReplyPath Path, Ipv4Address Address, int Port);

/// <summary>RFC 2131 §4.1, where a server reply goes.</summary>
public static class ReplyRouting
{
    public const int ServerPort = 67;
    public const int ClientPort = 68;

    public static ReplyDestination For(DhcpPacket request, DhcpPacket reply, bool rawL2Replies)
    {
        var isNak = reply.MessageType == DhcpMessageType.Nak;
        if (!request.RelayAddress.IsAny)
        {
            // The relay broadcasts a NAK on its link: tell it to.
            if (isNak) reply.BroadcastFlag = true;
            return new ReplyDestination(ReplyPath.Relay, request.RelayAddress, ServerPort);
        }
        if (!request.ClientAddress.IsAny && !isNak)
            return new ReplyDestination(ReplyPath.UnicastToClientAddress, request.ClientAddress, ClientPort);
        if (isNak || request.BroadcastFlag || !rawL2Replies || reply.YourAddress.IsAny)
            return new ReplyDestination(ReplyPath.Broadcast, Ipv4Address.Broadcast, ClientPort);
        return new ReplyDestination(ReplyPath.RawToHardwareAddress, reply.YourAddress, ClientPort);
    }
}
