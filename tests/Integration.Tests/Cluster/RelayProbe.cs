using StaticDhcpd.Integration.Tests.Wire;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Integration.Tests.Cluster;

/// <summary>
/// A scripted client behind a relay, as perfdhcp is: from the probe namespace's port 67 it broadcasts requests with
/// giaddr = 10.78.0.3 (pool "load"), so every node hears each one and answers to 10.78.0.3:67. A probe for a
/// perfdhcp client sends that client's chaddr and option 61, so the cluster takes it for the same client.
/// </summary>
public sealed class RelayProbe : IDisposable
{
    private readonly WireClient _wire;

    public RelayProbe(string probeNs) => _wire = new WireClient(probeNs, port: 67);

    /// <summary>DISCOVER; the first OFFER within <paramref name="wait"/>, or null.</summary>
    public DhcpPacket? Discover(string mac, byte[]? clientId, TimeSpan wait) =>
        _wire.Exchange(Relayed(New(DhcpMessageType.Discover, mac, clientId)), wait);

    /// <summary>DISCOVER; every reply within <paramref name="window"/>.</summary>
    public List<DhcpPacket> DiscoverAll(string mac, byte[]? clientId, TimeSpan window)
    {
        var p = Relayed(New(DhcpMessageType.Discover, mac, clientId));
        _wire.Send(p);
        return _wire.Collect(p.TransactionId, window);
    }

    /// <summary>REBINDING (RFC 2131 §4.3.2): REQUEST with ciaddr, no server identifier, broadcast; the first reply or null.</summary>
    public DhcpPacket? Rebind(string mac, byte[]? clientId, string address, TimeSpan wait)
    {
        var p = New(DhcpMessageType.Request, mac, clientId);
        p.ClientAddress = Ipv4Address.Parse(address);
        return _wire.Exchange(Relayed(p), wait);
    }

    /// <summary>
    /// Each client of <paramref name="leases"/> DISCOVERs again with its own chaddr and option 61: the answer must
    /// offer it the address it was ACKed. Returns what went wrong, e.g. "00:0c:0c:00:01:02 (ACKed 10.78.1.9 by
    /// 10.77.0.12): offered 10.78.3.4 by 10.77.0.11". Bounded by <paramref name="budget"/> in all.
    /// </summary>
    public List<string> NotReoffered(IReadOnlyList<AckedLease> leases, TimeSpan budget)
    {
        var failures = new List<string>();
        var deadline = DateTime.UtcNow + budget;
        for (var i = 0; i < leases.Count; i++)
        {
            if (DateTime.UtcNow > deadline)
            {
                failures.Add($"ran out of time: {leases.Count - i} of {leases.Count} leases not checked within {budget.TotalSeconds} s");
                break;
            }
            var a = leases[i];
            // Retransmitted as a client would (a bucket being handed over answers once it has moved); an answer with
            // another address is a lost lease at once.
            DhcpPacket? offer = null;
            for (var attempt = 0; attempt < 4 && offer is null; attempt++) offer = Discover(a.Mac, a.ClientId, TimeSpan.FromSeconds(2));
            if (offer?.MessageType != DhcpMessageType.Offer || offer.YourAddress.ToString() != a.Address)
                failures.Add($"{a.Mac} (ACKed {a.Address} by {a.ServerId}): " + (offer is null ? "no answer"
                    : $"{offer.MessageType} {offer.YourAddress} by {offer.Options.ServerIdentifier}"));
        }
        return failures;
    }

    private static DhcpPacket New(DhcpMessageType type, string mac, byte[]? clientId)
    {
        var p = WireClient.NewRequest(type, MacAddress.Parse(mac), (uint)Random.Shared.Next(1, int.MaxValue), broadcast: false);
        p.Options.ClientIdentifier = clientId;
        return p;
    }

    private static DhcpPacket Relayed(DhcpPacket p)
    {
        p.Hops = 1;
        p.RelayAddress = Ipv4Address.Parse(ClusterPlan.ProbeAddress);
        return p;
    }

    public void Dispose() => _wire.Dispose();
}
