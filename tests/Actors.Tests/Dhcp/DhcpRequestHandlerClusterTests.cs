using Akka.Actor;
using Akka.TestKit.Xunit2;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Actors.Tests.Dhcp.TestPackets;

namespace StaticDhcpd.Actors.Tests.Dhcp;

/// <summary>The handler's responsibility stage as a member of a two-node cluster: what it leaves to the other member
/// never reaches the static directory and gets no reply; what only it received, it answers.</summary>
public class DhcpRequestHandlerClusterTests() : TestKit("akka.actor.provider = local")
{
    private static readonly Address Self = new("akka.tcp", "staticdhcpd", "10.66.0.1", 4053);
    private static readonly Address Peer = new("akka.tcp", "staticdhcpd", "10.66.0.2", 4053);
    private static readonly int ClientBucket = Buckets.Of(ClientKey.From(null, Mac));
    private readonly DhcpCounters _counters = new();

    private (IActorRef Handler, Akka.TestKit.TestProbe Directory, Akka.TestKit.TestProbe Socket) Start(bool ownsClientBucket)
    {
        // Whichever member's table owns the client's bucket plays "this node" or the peer.
        var asSelf = BucketTable.From([Self, Peer], Self);
        var table = asSelf.IsMine(ClientBucket) == ownsClientBucket ? asSelf : BucketTable.From([Self, Peer], Peer);
        var directory = CreateTestProbe();
        var socket = CreateTestProbe();
        var handler = Sys.ActorOf(DhcpRequestHandler.Props(new DhcpSettings(), ServerId, directory.Ref, _counters,
            buckets: new BucketTableHolder(table)));
        return (handler, directory, socket);
    }

    [Fact]
    public void A_broadcast_of_a_client_whose_bucket_the_peer_owns_is_left_to_the_peer()
    {
        var (handler, directory, socket) = Start(ownsClientBucket: false);
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Discover), Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        directory.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        socket.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, _counters.Snapshot()["left-to-peer"]);
    }

    [Fact]
    public void A_broadcast_of_a_client_in_our_bucket_is_answered()
    {
        var (handler, directory, socket) = Start(ownsClientBucket: true);
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Discover), Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        var lookup = directory.ExpectMsg<StaticLookup>();
        directory.Reply(new StaticLookupResult(Mac, Definition(), false, lookup.Token));
        Assert.Equal(DhcpMessageType.Offer, socket.ExpectMsg<SendDhcpReply>().Type);
    }

    [Fact]
    public void A_renewal_unicast_to_us_is_answered_whoever_owns_the_bucket()
    {
        var (handler, directory, socket) = Start(ownsClientBucket: false);
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Request, ciaddr: "10.66.0.50"), Unicast(), new ProbeReplies(socket.Ref)), socket.Ref);
        var lookup = directory.ExpectMsg<StaticLookup>();
        directory.Reply(new StaticLookupResult(Mac, Definition(), false, lookup.Token));
        Assert.Equal(DhcpMessageType.Ack, socket.ExpectMsg<SendDhcpReply>().Type);
    }

    [Fact]
    public void A_request_selecting_another_servers_offer_is_left_to_that_server_even_in_our_bucket()
    {
        var (handler, directory, socket) = Start(ownsClientBucket: true);
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Request, requested: "10.66.0.50", serverId: "10.66.0.9"),
            Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        directory.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, _counters.Snapshot()["left-to-peer"]);
    }
}
