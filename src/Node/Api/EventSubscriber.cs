using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using StaticDhcpd.Messages.Events;

namespace StaticDhcpd.Node.Api;

/// <summary>One SSE connection's subscription to the cluster's event topic: events go into the connection's bounded
/// channel (which drops the oldest when the browser reads too slowly), <paramref name="subscribed"/> completes once
/// the mediator has the subscription. Stopped when the connection ends; the topic forgets it then.</summary>
public sealed class EventSubscriber : ReceiveActor
{
    public EventSubscriber(ChannelWriter<IManagementEvent> events, TaskCompletionSource subscribed)
    {
        Receive<SubscribeAck>(_ => subscribed.TrySetResult());
        Receive<IManagementEvent>(e => events.TryWrite(e));
    }

    public static Props Props(ChannelWriter<IManagementEvent> events, TaskCompletionSource subscribed) =>
        Akka.Actor.Props.Create(() => new EventSubscriber(events, subscribed));

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(EventTopic.Name, Self));
}
