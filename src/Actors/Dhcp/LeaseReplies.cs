using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Dhcp;

/// <summary>What every OFFER and ACK carrying a lease has, static or dynamic: yiaddr, ciaddr echoed when the client
/// had one, lease time and T1/T2 (RFC 2131 §4.4.5 defaults, sent explicitly: staticDHCPd never set 58/59).</summary>
public static class LeaseReplies
{
    public static uint RenewalTime(uint lease) => lease / 2;
    public static uint RebindingTime(uint lease) => (uint)(lease * 7UL / 8);

    public static DhcpPacket Create(DhcpPacket request, DhcpMessageType type, Ipv4Address serverId, Ipv4Address address,
        uint leaseSeconds)
    {
        var reply = DhcpReplyBuilder.CreateReply(request, type, serverId);
        reply.YourAddress = address;
        if (request.MessageType != DhcpMessageType.Discover && !request.ClientAddress.IsAny)
            reply.ClientAddress = request.ClientAddress;
        reply.Options.LeaseTime = leaseSeconds;
        reply.Options.RenewalTime = RenewalTime(leaseSeconds);
        reply.Options.RebindingTime = RebindingTime(leaseSeconds);
        return reply;
    }
}
