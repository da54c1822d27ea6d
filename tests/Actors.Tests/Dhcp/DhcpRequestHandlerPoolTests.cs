using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Messages.Webhook;
using Xunit;
using static StaticDhcpd.Actors.Tests.Dhcp.TestPackets;

namespace StaticDhcpd.Actors.Tests.Dhcp;

/// <summary>The handler's path for unknown clients on a pooled network; the lease region is a probe.</summary>
public class DhcpRequestHandlerPoolTests() : TestKit("akka.actor.provider = local")
{
    private readonly DhcpCounters _counters = new();
    private DateTime _now = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    private (IActorRef handler, TestProbe directory, TestProbe leases, TestProbe socket) Start()
    {
        var directory = CreateTestProbe();
        var leases = CreateTestProbe();
        var socket = CreateTestProbe();
        var routing = new PoolRouting(PoolTestData.Selector(), leases.Ref);
        var handler = Sys.ActorOf(DhcpRequestHandler.Props(new DhcpSettings(), ServerId, directory.Ref, _counters,
            () => _now, routing));
        return (handler, directory, leases, socket);
    }

    private static void Unknown(TestProbe directory)
    {
        var lookup = directory.ExpectMsg<StaticLookup>();
        directory.Reply(new StaticLookupResult(lookup.Mac, null, false, lookup.Token));
    }

    [Fact]
    public void An_unknown_client_on_a_pooled_network_is_offered_what_its_lease_entity_decides()
    {
        var (handler, directory, leases, socket) = Start();
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Discover), Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        Unknown(directory);
        var request = leases.ExpectMsg<LeaseRequest>();
        Assert.Equal(("guests", "mac:" + Mac, DhcpMethod.Discover), (request.Pool, request.ClientKey, request.Method));
        leases.Reply(new LeaseReply(request.CorrelationId, LeaseOutcome.Offer, Ipv4Address.Parse("10.77.100.10"),
            TimeSpan.FromMinutes(5), "guest-10-77-100-10", null));

        var send = socket.ExpectMsg<SendDhcpReply>();
        Assert.Equal(DhcpMessageType.Offer, send.Type);
        Assert.Equal("10.77.100.10", DhcpCodec.Decode(send.Payload).Packet!.YourAddress.ToString());

        // Served by a pool, so not blocklisted: its REQUEST reaches the directory and the pool again.
        handler.Tell(new DhcpRequestReceived(
            Client(DhcpMessageType.Request, requested: "10.77.100.10", serverId: "10.66.0.1"), Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        Unknown(directory);
        Assert.Equal(DhcpMethod.RequestSelecting, leases.ExpectMsg<LeaseRequest>().Method);
    }

    [Fact]
    public void A_client_now_defined_statically_has_its_guest_lease_released_and_its_renewal_naked()
    {
        var (handler, directory, leases, socket) = Start();
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Request, ciaddr: "10.77.100.10"), Unicast("10.77.100.10"), new ProbeReplies(socket.Ref)),
            socket.Ref);
        var lookup = directory.ExpectMsg<StaticLookup>();
        directory.Reply(new StaticLookupResult(Mac, Definition("10.66.0.50"), false, lookup.Token));

        Assert.Equal(new ReleaseClientLease("guests", "mac:" + Mac), leases.ExpectMsg<ReleaseClientLease>());
        var send = socket.ExpectMsg<SendDhcpReply>();
        Assert.Equal(DhcpMessageType.Nak, send.Type);
    }

    [Fact]
    public void A_static_client_renewing_its_own_address_does_not_touch_the_pools()
    {
        var (handler, directory, leases, socket) = Start();
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Request, ciaddr: "10.66.0.50"), Unicast(), new ProbeReplies(socket.Ref)), socket.Ref);
        var lookup = directory.ExpectMsg<StaticLookup>();
        directory.Reply(new StaticLookupResult(Mac, Definition("10.66.0.50"), false, lookup.Token));
        Assert.Equal(DhcpMessageType.Ack, socket.ExpectMsg<SendDhcpReply>().Type);
        leases.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_lease_answer_that_comes_after_the_client_gave_up_is_counted_and_not_sent()
    {
        var (handler, directory, leases, socket) = Start();
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Discover), Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        Unknown(directory);
        var request = leases.ExpectMsg<LeaseRequest>();
        _now += TimeSpan.FromSeconds(5);
        AwaitCondition(() => _counters.PoolTimeouts == 1, TimeSpan.FromSeconds(5));
        leases.Reply(new LeaseReply(request.CorrelationId, LeaseOutcome.Offer, Ipv4Address.Parse("10.77.100.10"),
            TimeSpan.FromMinutes(5), null, null));
        socket.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void An_unknown_client_where_no_pool_serves_gets_staticdhcpds_silence()
    {
        var (handler, directory, leases, socket) = Start();
        var onEth1 = new Ingress("eth1", Ipv4Address.Parse("10.99.0.1"), Ipv4Address.Any, 68, Ipv4Address.Broadcast);
        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Discover), onEth1, new ProbeReplies(socket.Ref)), socket.Ref);
        Unknown(directory);
        leases.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        socket.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void An_unknown_client_is_reported_to_the_webhook_with_its_pool_and_a_known_one_is_not()
    {
        var (handler, directory, leases, socket) = Start();
        var hook = CreateTestProbe();
        Sys.EventStream.Subscribe(hook.Ref, typeof(IWebhookNotice));
        var discover = Client(DhcpMessageType.Discover);
        discover.Options.HostName = "laptop";
        handler.Tell(new DhcpRequestReceived(discover, Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        Unknown(directory);
        Assert.Equal(new UnknownMacSeen(Mac, "eth0", null, "guests", "laptop", new DateTimeOffset(_now)),
            hook.ExpectMsg<UnknownMacSeen>());

        handler.Tell(new DhcpRequestReceived(Client(DhcpMessageType.Discover), Broadcast(), new ProbeReplies(socket.Ref)), socket.Ref);
        var lookup = directory.ExpectMsg<StaticLookup>();
        directory.Reply(new StaticLookupResult(Mac, Definition(), false, lookup.Token));
        socket.ExpectMsg<SendDhcpReply>();
        hook.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
