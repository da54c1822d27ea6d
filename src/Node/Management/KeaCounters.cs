using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Node.Management;

/// <summary>
/// The node's packet counters under Kea's statistic names (<c>pkt4-discover-received</c>), the one list /api/v1/statistics
/// and /metrics both read; in Prometheus form (docs/management-api.md, "Metrics") the name becomes
/// <c>pkt4_discover_received_total</c>. Read from <see cref="DhcpCounters"/> when asked; the packet path only increments.
/// </summary>
public static class KeaCounters
{
    /// <summary>Kea's statistic name → help and value.</summary>
    public static IReadOnlyList<(string Name, string Help, long Value)> Read(DhcpCounters c)
    {
        long M(DhcpMethod m) => c.Method(m);
        long requests = M(DhcpMethod.RequestSelecting) + M(DhcpMethod.RequestInitReboot) + M(DhcpMethod.RequestRenew) + M(DhcpMethod.RequestRebind);
        long offers = c.Replies(DhcpMessageType.Offer), acks = c.Replies(DhcpMessageType.Ack), naks = c.Replies(DhcpMessageType.Nak);
        return
        [
            ("pkt4-received", "DHCPv4 packets received on the served interfaces (Kea pkt4-received)", c.Received),
            ("pkt4-discover-received", "DHCPDISCOVERs accepted for an answer (Kea pkt4-discover-received)", M(DhcpMethod.Discover)),
            ("pkt4-request-received", "DHCPREQUESTs accepted, every state (Kea pkt4-request-received)", requests),
            ("pkt4-release-received", "DHCPRELEASEs accepted (Kea pkt4-release-received)", M(DhcpMethod.Release)),
            ("pkt4-decline-received", "DHCPDECLINEs accepted (Kea pkt4-decline-received)", M(DhcpMethod.Decline)),
            ("pkt4-inform-received", "DHCPINFORMs accepted (Kea pkt4-inform-received)", M(DhcpMethod.Inform)),
            ("pkt4-offer-sent", "DHCPOFFERs sent (Kea pkt4-offer-sent)", offers),
            ("pkt4-ack-sent", "DHCPACKs sent (Kea pkt4-ack-sent)", acks),
            ("pkt4-nak-sent", "DHCPNAKs sent (Kea pkt4-nak-sent)", naks),
            ("pkt4-sent", "DHCPv4 replies sent (Kea pkt4-sent)", offers + acks + naks),
            ("pkt4-parse-failed", "packets that could not be decoded (Kea pkt4-parse-failed)", c.MalformedTotal),
            ("pkt4-receive-drop", "packets dropped without an answer: undecodable, invalid, refused by policy, suspended or ignored clients (Kea pkt4-receive-drop)",
                c.MalformedTotal + c.Invalid + c.RefusedByPolicy + c.Suspended + c.Ignored),
        ];
    }

    /// <summary>/api/v1/statistics' counters: Kea's names, then the node's own under the names SIGUSR1 logs them by
    /// (received, malformed.*, method.*, …).</summary>
    public static IReadOnlyDictionary<string, long> Statistics(DhcpCounters c)
    {
        var d = Read(c).ToDictionary(k => k.Name, k => k.Value);
        foreach (var (k, v) in c.Snapshot()) d[k] = v;
        return d;
    }

    /// <summary>Prometheus' form of a Kea name: <c>pkt4-ack-sent</c> → <c>pkt4_ack_sent</c>.</summary>
    public static string PrometheusName(string keaName) => keaName.Replace('-', '_');

    /// <summary>Why a packet was dropped (the parts of pkt4_receive_drop), as <c>staticdhcpd_pkt4_dropped_total{reason}</c>.</summary>
    public static IReadOnlyList<(string Reason, long Value)> Drops(DhcpCounters c) =>
    [
        ("malformed", c.MalformedTotal), ("invalid", c.Invalid), ("refused-by-policy", c.RefusedByPolicy),
        ("suspended", c.Suspended), ("ignored", c.Ignored),
    ];

    /// <summary>The node's own counters, no Kea equivalent: <c>staticdhcpd_&lt;name&gt;_total</c>.</summary>
    public static IReadOnlyList<(string Name, string Help, long Value)> Own(DhcpCounters c) =>
    [
        ("silent", "requests decided and deliberately left unanswered", c.Silent),
        ("left_to_peer", "broadcasts left to the cluster member responsible for them", c.Snapshot()["left-to-peer"]),
        ("send_errors", "replies the socket failed to send", c.SendErrors),
        ("static_source_failures", "static definition lookups that failed (database unreachable)", c.SourceFailures),
        ("pool_timeouts", "requests whose pool answer did not come back in time", c.PoolTimeouts),
    ];
}
