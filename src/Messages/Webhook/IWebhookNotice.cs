using StaticDhcpd.Messages.Events;

namespace StaticDhcpd.Messages.Webhook;

/// <summary>
/// Something the operator's webhook may be told about. Publishers call
/// <c>Context.System.EventStream.Publish(notice)</c> and go on: publishing never blocks, never fails and costs
/// nothing when no webhook is configured (no subscriber). The node's <c>WebhookNotifier</c> subscribes to this
/// interface on its own node's EventStream and does all filtering, queueing and I/O. Notices are local to a node
/// (the EventStream does not cross the cluster), so each node notifies about what it handled itself.
/// </summary>
/// <remarks>Publish only for things that happen now: never while a persistent entity replays its journal. Every notice
/// is also a management event: the node's EventForwarder sends it on to the cluster's event stream.</remarks>
public interface IWebhookNotice : IManagementEvent;
