using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Clustering;

/// <summary>
/// The handler's responsibility stage, asked on the socket's receive thread before a datagram is decoded or handed
/// to an actor: on a shared segment every member receives every broadcast, and the two thirds of them another member
/// answers (three members) would otherwise each cost a decode and an actor message on every member. It only ever
/// leaves to a peer what the handler's own stage would leave to it; whatever it cannot read cheaply
/// (<see cref="DhcpRoutingPeek"/>) goes on to the handler, which decides as before.
/// </summary>
public sealed class ResponsibilityGate(Ipv4Address ownServerId, BucketTableHolder buckets)
{
    public bool LeavesToPeer(ReadOnlySpan<byte> datagram, bool wasBroadcast)
    {
        if (!DhcpRoutingPeek.TryRead(datagram, out var mac, out var serverId, out var clientId)) return false;
        var query = new ResponsibilityQuery(wasBroadcast, serverId, ownServerId, Buckets.OfClient(clientId, mac));
        return !ResponsibilityFilter.Decide(query, buckets.Current).Answers;
    }
}
