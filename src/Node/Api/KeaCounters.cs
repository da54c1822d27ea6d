using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Node.Api;

/// <summary>
/// The node's packet counters under Kea's statistic names where Kea has one (pkt4-*), then the node's own counters
/// (received, malformed.*, method.*, …) as SIGUSR1 logs them, for what Kea has no name for. pkt4-receive-drop is every
/// packet dropped before a decision: malformed, invalid, refused by the ingress policy, suspended, ignored.
/// </summary>
public static class KeaCounters
{
    public static IReadOnlyDictionary<string, long> From(DhcpCounters c)
    {
        var d = new Dictionary<string, long>
        {
            ["pkt4-received"] = c.Received,
            ["pkt4-discover-received"] = c.Method(DhcpMethod.Discover),
            ["pkt4-request-received"] = c.Method(DhcpMethod.RequestSelecting) + c.Method(DhcpMethod.RequestInitReboot)
                                        + c.Method(DhcpMethod.RequestRenew) + c.Method(DhcpMethod.RequestRebind),
            ["pkt4-release-received"] = c.Method(DhcpMethod.Release),
            ["pkt4-decline-received"] = c.Method(DhcpMethod.Decline),
            ["pkt4-inform-received"] = c.Method(DhcpMethod.Inform),
            ["pkt4-offer-sent"] = c.Replies(DhcpMessageType.Offer),
            ["pkt4-ack-sent"] = c.Replies(DhcpMessageType.Ack),
            ["pkt4-nak-sent"] = c.Replies(DhcpMessageType.Nak),
            ["pkt4-sent"] = c.Replies(DhcpMessageType.Offer) + c.Replies(DhcpMessageType.Ack) + c.Replies(DhcpMessageType.Nak),
            ["pkt4-parse-failed"] = c.MalformedTotal,
            ["pkt4-receive-drop"] = c.MalformedTotal + c.Invalid + c.RefusedByPolicy + c.Suspended + c.Ignored,
        };
        foreach (var (k, v) in c.Snapshot()) d[k] = v;
        return d;
    }
}
