using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Dhcp;

public readonly record struct Classification(DhcpMethod? Method, string? Problem)
{
    public static Classification Of(DhcpMethod m) => new(m, null);
    public static Classification Invalid(string why) => new(null, why);
}

/// <summary>
/// RFC 2131 §4.3.2: tells the REQUEST states apart by ciaddr, options 50 and 54 and how the request
/// arrived. Unlike staticDHCPd, a REQUEST with ciaddr that was broadcast or relayed is REBINDING (relays
/// only forward broadcasts), not RENEWING.
/// </summary>
public static class RequestClassifier
{
    public static Classification Classify(DhcpPacket p, Ingress ingress)
    {
        if (p.Op != BootOp.BootRequest) return Classification.Invalid("not a BOOTREQUEST");
        var relayed = !p.RelayAddress.IsAny;
        var hasCiaddr = !p.ClientAddress.IsAny;
        var requested = p.Options.RequestedAddress;
        var serverId = p.Options.ServerIdentifier;
        switch (p.MessageType)
        {
            case DhcpMessageType.Discover:
                return Classification.Of(DhcpMethod.Discover);
            case DhcpMessageType.Request:
                if (serverId is not null)
                    return hasCiaddr || requested is null
                        ? Classification.Invalid("REQUEST with server identifier needs option 50 and no ciaddr")
                        : Classification.Of(DhcpMethod.RequestSelecting);
                if (requested is not null)
                    return hasCiaddr
                        ? Classification.Invalid("REQUEST with both ciaddr and option 50")
                        : Classification.Of(DhcpMethod.RequestInitReboot);
                if (!hasCiaddr) return Classification.Invalid("REQUEST without ciaddr, option 50 or option 54");
                return relayed || ingress.WasBroadcast
                    ? Classification.Of(DhcpMethod.RequestRebind)
                    : Classification.Of(DhcpMethod.RequestRenew);
            case DhcpMessageType.Inform:
                return hasCiaddr || relayed
                    ? Classification.Of(DhcpMethod.Inform)
                    : Classification.Invalid("INFORM without ciaddr");
            case DhcpMessageType.Release:
                return serverId is null || !hasCiaddr
                    ? Classification.Invalid("RELEASE needs ciaddr and option 54")
                    : Classification.Of(DhcpMethod.Release);
            case DhcpMessageType.Decline:
                return serverId is null || requested is null
                    ? Classification.Invalid("DECLINE needs options 50 and 54")
                    : Classification.Of(DhcpMethod.Decline);
            case DhcpMessageType.LeaseQuery:
                return Classification.Of(DhcpMethod.LeaseQuery);
            case null:
                return Classification.Invalid("no message type");
            default:
                return Classification.Invalid($"{p.MessageType} is not a client message");
        }
    }
}
