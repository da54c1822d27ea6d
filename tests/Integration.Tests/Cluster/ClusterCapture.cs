using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Integration.Tests.Cluster;

/// <summary>One ACK seen on the wire: whose (the client key of the REQUEST it answers), which address, from which server.</summary>
public sealed record AckedLease(string ClientKey, string Mac, byte[]? ClientId, string Address, string? ServerId);

/// <summary>
/// What a capture shows about a cluster's answers: replies per transaction, who answered, which leases were ACKed
/// to whom. Pure functions over <see cref="CapturedBootp"/>; failures are described as a user reads them.
/// </summary>
public static class ClusterCapture
{
    public static IEnumerable<DhcpPacket> Requests(IEnumerable<CapturedBootp> c, DhcpMessageType type) =>
        c.Select(x => x.Packet).OfType<DhcpPacket>().Where(p => p.Op == BootOp.BootRequest && p.MessageType == type);

    public static IEnumerable<DhcpPacket> Replies(IEnumerable<CapturedBootp> c, DhcpMessageType type) =>
        c.Select(x => x.Packet).OfType<DhcpPacket>().Where(p => p.Op == BootOp.BootReply && p.MessageType == type);

    /// <summary>Transactions that got more than one reply of <paramref name="type"/>, e.g. "xid 0x1a2b: 3 Offer from 10.77.0.11, 10.77.0.12, 10.77.0.13".</summary>
    public static List<string> RepeatedReplies(IReadOnlyList<CapturedBootp> c, DhcpMessageType type)
    {
        // A client may send several requests with one xid (retransmissions, dhclient's renewals): each may be
        // answered once, by one server.
        var asked = Requests(c, type == DhcpMessageType.Offer ? DhcpMessageType.Discover : DhcpMessageType.Request)
            .GroupBy(p => p.TransactionId).ToDictionary(g => g.Key, g => g.Count());
        return Replies(c, type).GroupBy(p => p.TransactionId).Where(g => g.Count() > Math.Max(1, asked.GetValueOrDefault(g.Key)))
            .Select(g => $"xid 0x{g.Key:x8}: {g.Count()} {type} for {asked.GetValueOrDefault(g.Key)} requests, from " +
                         string.Join(", ", g.Select(p => p.Options.ServerIdentifier?.ToString() ?? "?")))
            .ToList();
    }

    /// <summary>How many replies each server identifier sent, e.g. "10.77.0.11: 120, 10.77.0.12: 98".</summary>
    public static string ByServer(IEnumerable<DhcpPacket> replies) => string.Join(", ",
        replies.GroupBy(p => p.Options.ServerIdentifier?.ToString() ?? "none").OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));

    /// <summary>
    /// Every ACK with the client it went to; the client key is taken from the REQUEST with the same xid (an ACK need
    /// not echo option 61), else from the ACK itself.
    /// </summary>
    public static List<AckedLease> Acks(IReadOnlyList<CapturedBootp> c)
    {
        var requests = Requests(c, DhcpMessageType.Request).GroupBy(p => p.TransactionId).ToDictionary(g => g.Key, g => g.Last());
        return Replies(c, DhcpMessageType.Ack).Where(p => !p.YourAddress.IsAny).Select(ack =>
        {
            var id = requests.TryGetValue(ack.TransactionId, out var r) ? r.Options.ClientIdentifier : ack.Options.ClientIdentifier;
            return new AckedLease(ClientKey.From(id, ack.ClientMac), ack.ClientMac.ToString(), id, ack.YourAddress.ToString(),
                ack.Options.ServerIdentifier?.ToString());
        }).ToList();
    }

    /// <summary>The last ACK of each client.</summary>
    public static List<AckedLease> LastPerClient(IEnumerable<AckedLease> acks) =>
        acks.GroupBy(a => a.ClientKey).Select(g => g.Last()).ToList();

    /// <summary>Addresses ACKed to more than one client, e.g. "10.78.1.7 to 01000c..., 01000c...".</summary>
    public static List<string> DoubleBindings(IEnumerable<AckedLease> acks) =>
        acks.GroupBy(a => a.Address).Where(g => g.Select(a => a.ClientKey).Distinct().Count() > 1)
            .Select(g => $"{g.Key} to {string.Join(", ", g.Select(a => $"{a.ClientKey} (by {a.ServerId})").Distinct())}")
            .ToList();

    /// <summary>"Discover 500, Offer 1500, Request 520, Ack 500": what a capture holds, for messages.</summary>
    public static string Census(IEnumerable<CapturedBootp> c) => string.Join(", ",
        c.GroupBy(x => x.Packet?.MessageType?.ToString() ?? "undecodable").Select(g => $"{g.Key} {g.Count()}"));
}
