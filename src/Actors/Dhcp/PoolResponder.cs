using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Dhcp;

/// <summary>
/// The wire side of a dynamic lease: what is asked of the pool for an unknown client, and the reply built from the
/// pool's decision and the pool's options. Pure, like <see cref="StaticResponder"/>.
/// </summary>
public static class PoolResponder
{
    /// <summary>Answered here without the pool (null = ask the lease entity): INFORM needs no lease.</summary>
    public static DhcpDecision? AnswerLocally(DhcpPacket request, DhcpMethod method, PoolSettings pool,
        Ipv4Address serverId) => method switch
    {
        DhcpMethod.Inform => DhcpDecision.Answer(Inform(request, pool, serverId)),
        DhcpMethod.LeaseQuery => DhcpDecision.Silent("LEASEQUERY is not answered"),
        _ => null,
    };

    public static LeaseRequest Request(DhcpPacket request, DhcpMethod method, PoolSettings pool, long correlationId) =>
        new(pool.Name,
            ClientKey.From(request.Options.ClientIdentifier, request.ClientMac),
            request.ClientMac,
            method,
            request.Options.RequestedAddress,
            request.ClientAddress,
            request.Options.HostName,
            request.TransactionId,
            correlationId);

    public static DhcpDecision Decide(DhcpPacket request, LeaseReply reply, PoolSettings pool, Ipv4Address serverId) =>
        reply.Outcome switch
        {
            LeaseOutcome.Offer => DhcpDecision.Answer(Lease(request, DhcpMessageType.Offer, reply, pool, serverId)),
            LeaseOutcome.Ack => DhcpDecision.Answer(Lease(request, DhcpMessageType.Ack, reply, pool, serverId)),
            LeaseOutcome.Nak => StaticResponder.Nak(request, serverId, reply.Reason ?? "no lease"),
            _ => DhcpDecision.Silent(reply.Reason ?? "pool stays silent"),
        };

    private static DhcpPacket Lease(DhcpPacket request, DhcpMessageType type, LeaseReply lease, PoolSettings pool,
        Ipv4Address serverId)
    {
        var seconds = (uint)Math.Clamp(lease.LeaseTime.TotalSeconds, 1, uint.MaxValue - 1);
        var reply = LeaseReplies.Create(request, type, serverId, lease.Address, seconds);
        var o = reply.Options;
        AddPoolOptions(o, pool);
        if (!string.IsNullOrEmpty(lease.Hostname)) o.HostName = lease.Hostname;
        return reply;
    }

    /// <summary>RFC 2131 §3.4: configuration only, no yiaddr and no lease time.</summary>
    private static DhcpPacket Inform(DhcpPacket request, PoolSettings pool, Ipv4Address serverId)
    {
        var reply = DhcpReplyBuilder.CreateReply(request, DhcpMessageType.Ack, serverId);
        reply.ClientAddress = request.ClientAddress;
        AddPoolOptions(reply.Options, pool);
        return reply;
    }

    private static void AddPoolOptions(DhcpOptions o, PoolSettings pool)
    {
        o.SubnetMask = pool.Subnet.Mask;
        o.BroadcastAddress = pool.Subnet.Broadcast;
        if (pool.Routers.Count > 0) o.Routers = pool.Routers;
        if (pool.DnsServers.Count > 0) o.DomainNameServers = pool.DnsServers;
        if (pool.DomainName.Length > 0) o.DomainName = pool.DomainName;
        if (pool.NtpServers.Count > 0) o.NtpServers = pool.NtpServers;
    }
}
