using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using StaticDhcpd.Actors.Webhook;
using StaticDhcpd.Messages.Events;
using StaticDhcpd.Messages.Webhook;

namespace StaticDhcpd.Actors.Events;

/// <summary>
/// One per node: sends what happens on this node (the webhook notices its buckets and request handler publish on the
/// local EventStream) and membership changes (announced once, <see cref="MemberAnnouncer"/>) to the cluster-wide
/// DistributedPubSub topic <see cref="EventTopic.Name"/>, which every SSE connection of every node subscribes to.
/// Publishing costs one message per event whether or not anyone listens. An unknown MAC is forwarded once per
/// <c>unknownMacWindow</c> (<see cref="UnknownMacSightings"/>), as the webhook tells it, not once per packet.
/// </summary>
public sealed class EventForwarder : ReceiveActor
{
    public const string Name = "event-forwarder";

    private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly MemberAnnouncer _announcer;
    private readonly Func<DateTimeOffset> _clock;
    private readonly UnknownMacSightings _sightings;
    private DateTimeOffset _lastPrune;

    public EventForwarder(TimeSpan unknownMacWindow, Func<DateTimeOffset>? clock = null)
    {
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        _sightings = new UnknownMacSightings(unknownMacWindow);
        _lastPrune = _clock();
        _announcer = new MemberAnnouncer(_cluster.SelfAddress);
        Receive<UnknownMacSeen>(u =>
        {
            PruneNowAndThen();
            if (_sightings.IsNews(u.Mac, u.Time)) Publish(u);
        });
        Receive<IWebhookNotice>(Publish);
        Receive<ClusterEvent.CurrentClusterState>(s => _announcer.Seed(s.Members));
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (_announcer.OnUp(up.Member))
                Publish(new MemberJoinedNotice(up.Member.Address.ToString(), up.Member.Roles.ToList(), _clock()));
        });
        Receive<ClusterEvent.MemberRemoved>(r =>
        {
            if (_announcer.OnRemoved(r.Member))
                Publish(new MemberLeftNotice(r.Member.Address.ToString(), r.PreviousStatus.ToString(), _clock()));
        });
    }

    public static Props Props(TimeSpan unknownMacWindow, Func<DateTimeOffset>? clock = null) =>
        Akka.Actor.Props.Create(() => new EventForwarder(unknownMacWindow, clock));

    // Pruned as sightings arrive (no timer): the table never holds more than a window's worth of MACs.
    private void PruneNowAndThen()
    {
        var now = _clock();
        if (now - _lastPrune < _sightings.Window) return;
        _sightings.Prune(now);
        _lastPrune = now;
    }

    private void Publish(IManagementEvent e) => _mediator.Tell(new Publish(EventTopic.Name, e));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(IWebhookNotice));
        // A snapshot first (members already Up are not news), then each change.
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _cluster.Unsubscribe(Self);
    }
}
