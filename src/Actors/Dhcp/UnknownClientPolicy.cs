using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Dhcp;

/// <summary>
/// A client with no definition and no pool. Silent and blocklisted, unless authoritative, where requests
/// that assert an address (INIT-REBOOT, RENEW, REBIND, SELECTING us) are NAKed so the client restarts.
/// Unlike staticDHCPd: never NAK a DISCOVER, and stay silent on INIT-REBOOT when not authoritative
/// (RFC 2131 §4.3.2: no record → remain silent).
/// </summary>
public static class UnknownClientPolicy
{
    public static DhcpDecision Decide(DhcpPacket request, DhcpMethod method, DhcpSettings s, Ipv4Address serverId)
    {
        switch (method)
        {
            case DhcpMethod.RequestRenew when s.NakRenewals:
                return StaticResponder.Nak(request, serverId, "nak-renewals is on");
            case DhcpMethod.RequestSelecting or DhcpMethod.RequestInitReboot
                or DhcpMethod.RequestRenew or DhcpMethod.RequestRebind when s.Authoritative:
                return StaticResponder.Nak(request, serverId, "unknown client");
            case DhcpMethod.Release or DhcpMethod.Decline:
                return DhcpDecision.Silent($"{method.ToWireName()} from an unknown client");
            default:
                return DhcpDecision.Silent("unknown client", blocklist: true);
        }
    }
}
