using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using StaticDhcpd.Actors.Events;
using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Events;
using StaticDhcpd.Messages.Webhook;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Events;

/// <summary>
/// Two real cluster members in one process (remoting on 127.0.0.1): what one node's buckets publish locally reaches a
/// subscriber of the "events" topic on the other (so the notices cross the wire through the explicit serializer), and
/// a membership change is announced once for the cluster, not once per node.
/// </summary>
public class EventForwarderTests(ITestOutputHelper output) : TestKit(Node, output: output)
{
    private static readonly Config Node = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.actor.serialization-settings.allow-unregistered-types = false
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.cluster.pub-sub.gossip-interval = 200ms
        akka.cluster.downing-provider-class = ""
        """).WithFallback(PoolSerialization.Config);

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task An_unknown_mac_is_forwarded_once_per_window_not_once_per_packet()
    {
        Cluster.Get(Sys).Join(Cluster.Get(Sys).SelfAddress);
        await AwaitConditionAsync(() => Task.FromResult(Cluster.Get(Sys).SelfMember.Status == MemberStatus.Up), Wait);
        var events = CreateTestProbe();
        events.IgnoreMessages(m => m is MemberJoinedNotice);
        DistributedPubSub.Get(Sys).Mediator.Tell(new Subscribe(EventTopic.Name, events.Ref), events.Ref);
        events.ExpectMsg<SubscribeAck>();
        // Answering Identify means its PreStart (the EventStream subscription) has run.
        await Sys.ActorOf(EventForwarder.Props(Window), EventForwarder.Name).Ask<ActorIdentity>(new Identify(null), Wait);
        var t0 = DateTimeOffset.UtcNow;
        UnknownMacSeen Seen(int mac, TimeSpan after) => new(Mac(mac), "eth0", null, "guests", null, t0 + after);

        // Its DISCOVER and its REQUEST, a retransmission, then another MAC, then the first once the window has passed.
        Sys.EventStream.Publish(Seen(1, TimeSpan.Zero));
        Assert.Equal(Mac(1), events.ExpectMsg<UnknownMacSeen>().Mac);
        Sys.EventStream.Publish(Seen(1, TimeSpan.FromSeconds(1)));
        Sys.EventStream.Publish(Seen(1, TimeSpan.FromSeconds(4)));
        Sys.EventStream.Publish(Seen(2, TimeSpan.FromSeconds(5)));
        Assert.Equal(Mac(2), events.ExpectMsg<UnknownMacSeen>().Mac);
        Sys.EventStream.Publish(Seen(1, Window + TimeSpan.FromSeconds(1)));
        Assert.Equal(Window + TimeSpan.FromSeconds(1), events.ExpectMsg<UnknownMacSeen>().Time - t0);
        events.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_notice_published_on_one_node_reaches_a_topic_subscriber_on_the_other_and_each_join_and_leave_is_told_once()
    {
        var first = Cluster.Get(Sys);
        var events = CreateTestProbe();
        DistributedPubSub.Get(Sys).Mediator.Tell(new Subscribe(EventTopic.Name, events.Ref), events.Ref);
        events.ExpectMsg<SubscribeAck>();
        // Subscribed to the cluster before the join (its PreStart has run once it answers), so the join is news to it.
        await Sys.ActorOf(EventForwarder.Props(Window), EventForwarder.Name).Ask<ActorIdentity>(new Identify(null), Wait);
        first.Join(first.SelfAddress);
        var selfJoined = events.ExpectMsg<MemberJoinedNotice>(Wait);
        Assert.Equal(first.SelfAddress.ToString(), selfJoined.Node);

        var other = ActorSystem.Create(Sys.Name, Node);
        try
        {
            other.ActorOf(EventForwarder.Props(Window), EventForwarder.Name);
            Cluster.Get(other).Join(first.SelfAddress);
            var joined = events.ExpectMsg<MemberJoinedNotice>(Wait);
            Assert.Equal(Cluster.Get(other).SelfAddress.ToString(), joined.Node);

            // The other node's mediator learns of the subscriber by gossip: publish until one arrives.
            var notice = new LeaseGrantedNotice(Mac(1), Key(1), "guests", Ip("10.0.0.10"), TimeSpan.FromMinutes(5),
                DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow);
            var got = AwaitResult(events, () => other.EventStream.Publish(notice));
            Assert.Equal(notice, got);
            // Drain repeats of the notice sent while gossip was on its way.
            while (events.HasMessages && events.ReceiveOne(TimeSpan.Zero) is LeaseGrantedNotice) { }

            var otherAddress = Cluster.Get(other).SelfAddress.ToString();
            Cluster.Get(other).Leave(Cluster.Get(other).SelfAddress);
            var left = events.FishForMessage<MemberLeftNotice>(_ => true, Wait);
            Assert.Equal(otherAddress, left.Node);
            events.ExpectNoMsg(TimeSpan.FromSeconds(2)); // not once more from the node that left, nor a second join
        }
        finally
        {
            await other.Terminate().WaitAsync(Wait);
        }
    }

    private static LeaseGrantedNotice AwaitResult(Akka.TestKit.TestProbe events, Action publish)
    {
        var until = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < until)
        {
            publish();
            var m = events.ReceiveOne(TimeSpan.FromMilliseconds(300));
            if (m is LeaseGrantedNotice n) return n;
            Assert.True(m is null, $"unexpected {m}");
        }
        throw new TimeoutException("the notice did not reach the other node's subscriber");
    }
}
