using Akka.TestKit.Xunit2;
using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Actors.Tests.Dhcp.TestPackets;

namespace StaticDhcpd.Actors.Tests.Dhcp;

public class DhcpRequestHandlerTests() : TestKit("akka.actor.provider = local")
{
    private readonly DhcpCounters _counters = new();

    private (Akka.Actor.IActorRef handler, Akka.TestKit.TestProbe directory, Akka.TestKit.TestProbe socket) Start(DhcpSettings? s = null)
    {
        var directory = CreateTestProbe();
        var socket = CreateTestProbe();
        var handler = Sys.ActorOf(DhcpRequestHandler.Props(s ?? new DhcpSettings(), ServerId, directory.Ref, _counters));
        return (handler, directory, socket);
    }

    [Fact]
    public void Known_client_discover_is_answered_through_the_socket_that_received_it()
    {
        var (handler, directory, socket) = Start();
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Discover), Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        var lookup = directory.ExpectMsg<StaticLookup>();
        Assert.Equal(Mac, lookup.Mac);
        directory.Reply(new StaticLookupResult(Mac, Definition(), false, lookup.Token));
        var send = socket.ExpectMsg<SendDhcpReply>();
        Assert.Equal(DhcpMessageType.Offer, send.Type);
        Assert.Equal(ReplyPath.RawToHardwareAddress, send.Destination.Path);
        var offer = DhcpCodec.Decode(send.Payload).Packet!;
        Assert.Equal("10.66.0.50", offer.YourAddress.ToString());
    }

    [Fact]
    public void Unknown_client_is_blocklisted_so_its_retransmissions_never_reach_the_database()
    {
        var (handler, directory, socket) = Start();
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Discover), Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        var lookup = directory.ExpectMsg<StaticLookup>();
        directory.Reply(new StaticLookupResult(Mac, null, false, lookup.Token));
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Discover), Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        directory.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        socket.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, _counters.Ignored);
    }

    [Fact]
    public void Database_failure_is_not_treated_as_unknown()
    {
        var (handler, directory, socket) = Start(new DhcpSettings { Authoritative = true });
        var initReboot = Client(DhcpMessageType.Request, requested: "10.66.0.50");
        handler.Tell(new DhcpRequestReceived(initReboot, Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        var lookup = directory.ExpectMsg<StaticLookup>();
        directory.Reply(new StaticLookupResult(Mac, null, true, lookup.Token));
        socket.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // no NAK although authoritative
        handler.Tell(new DhcpRequestReceived(initReboot, Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        directory.ExpectMsg<StaticLookup>(); // not blocklisted: asked again
    }

    [Fact]
    public void Relayed_request_is_dropped_when_relays_are_not_allowed()
    {
        var (handler, directory, socket) = Start();
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Discover, giaddr: "10.67.0.1"), Unicast("10.67.0.1"), new ProbeReplies(socket.Ref)), socket.Ref);
        directory.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, _counters.RefusedByPolicy);
    }

    [Fact]
    public void Flush_clears_the_blocklist_and_reaches_the_directory()
    {
        var (handler, directory, socket) = Start();
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Discover), Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        var lookup = directory.ExpectMsg<StaticLookup>();
        directory.Reply(new StaticLookupResult(Mac, null, false, lookup.Token));
        handler.Tell(new FlushStaticCache(), TestActor);
        directory.ExpectMsg<FlushStaticCache>();
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Discover), Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        directory.ExpectMsg<StaticLookup>();
    }
}
