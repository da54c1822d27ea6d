using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Static;

namespace StaticDhcpd.Actors.Dhcp;

/// <summary>
/// The answer to a client the static database knows (RFC 2131 §4.3, staticDHCPd's flags). Pure: the
/// actor feeds it the request, the definition and the settings.
/// </summary>
public static class StaticResponder
{
    public static DhcpDecision Decide(
        DhcpPacket request, DhcpMethod method, StaticDefinition def, DhcpSettings s, Ipv4Address serverId)
    {
        var requested = request.Options.RequestedAddress;
        switch (method)
        {
            case DhcpMethod.Discover:
                return request.Options.RapidCommit && s.RapidCommit
                    ? DhcpDecision.Answer(Lease(request, DhcpMessageType.Ack, def, serverId, rapidCommit: true))
                    : DhcpDecision.Answer(Lease(request, DhcpMessageType.Offer, def, serverId));

            case DhcpMethod.RequestSelecting: // for this server: the handler's responsibility stage checked option 54
                return requested == def.Ip
                    ? DhcpDecision.Answer(Lease(request, DhcpMessageType.Ack, def, serverId))
                    : Nak(request, serverId, $"requested {requested}, defined {def.Ip}");

            case DhcpMethod.RequestInitReboot:
                return requested == def.Ip
                    ? DhcpDecision.Answer(Lease(request, DhcpMessageType.Ack, def, serverId))
                    : Nak(request, serverId, $"requested {requested}, defined {def.Ip}");

            case DhcpMethod.RequestRenew:
            case DhcpMethod.RequestRebind:
                // nak-renewals forces clients back to DISCOVER; on REBIND only when authoritative (as the original).
                if (s.NakRenewals && (method == DhcpMethod.RequestRenew || s.Authoritative))
                    return Nak(request, serverId, "nak-renewals is on");
                return request.ClientAddress == def.Ip
                    ? DhcpDecision.Answer(Lease(request, DhcpMessageType.Ack, def, serverId))
                    : Nak(request, serverId, $"client holds {request.ClientAddress}, defined {def.Ip}");

            case DhcpMethod.Inform:
                return DhcpDecision.Answer(Inform(request, def, serverId));

            case DhcpMethod.Release:
                return DhcpDecision.Silent(request.Options.ServerIdentifier == serverId
                    ? $"RELEASE of static {request.ClientAddress} noted"
                    : "RELEASE for another server");

            case DhcpMethod.Decline:
                return DhcpDecision.Silent(
                    $"DECLINE of static {requested} on ({def.Subnet}, {def.Serial}): address conflict on the network");

            default:
                return DhcpDecision.Silent($"{method.ToWireName()} is not answered");
        }
    }

    /// <summary>OFFER or ACK carrying the definition: yiaddr, lease and timers, then the subnet's options.</summary>
    public static DhcpPacket Lease(
        DhcpPacket request, DhcpMessageType type, StaticDefinition def, Ipv4Address serverId, bool rapidCommit = false)
    {
        var reply = LeaseReplies.Create(request, type, serverId, def.Ip, def.LeaseTimeSeconds);
        var o = reply.Options;
        AddSubnetOptions(o, def);
        if (rapidCommit) o.RapidCommit = true;
        return reply;
    }

    /// <summary>RFC 2131 §3.4: an INFORM ACK carries configuration only, no yiaddr and no lease time.</summary>
    private static DhcpPacket Inform(DhcpPacket request, StaticDefinition def, Ipv4Address serverId)
    {
        var reply = DhcpReplyBuilder.CreateReply(request, DhcpMessageType.Ack, serverId);
        reply.ClientAddress = request.ClientAddress;
        AddSubnetOptions(reply.Options, def);
        return reply;
    }

    private static void AddSubnetOptions(DhcpOptions o, StaticDefinition def)
    {
        if (def.SubnetMask is { } mask) o.SubnetMask = mask;
        if (def.Gateways.Count > 0) o.Routers = def.Gateways;
        if (def.BroadcastAddress is { } bc) o.BroadcastAddress = bc;
        if (def.DomainNameServers.Count > 0) o.DomainNameServers = def.DomainNameServers;
        if (!string.IsNullOrEmpty(def.DomainName)) o.DomainName = def.DomainName;
        if (def.NtpServers.Count > 0) o.NtpServers = def.NtpServers;
        if (!string.IsNullOrEmpty(def.Hostname)) o.HostName = def.Hostname;
    }

    public static DhcpDecision Nak(DhcpPacket request, Ipv4Address serverId, string why)
    {
        var nak = DhcpReplyBuilder.CreateReply(request, DhcpMessageType.Nak, serverId);
        nak.Options.Set(DhcpOptionCode.Message, System.Text.Encoding.ASCII.GetBytes(why));
        return DhcpDecision.Answer(nak);
    }
}
