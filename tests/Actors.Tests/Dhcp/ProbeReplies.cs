using Akka.Actor;
using StaticDhcpd.Actors.Sockets;

namespace StaticDhcpd.Actors.Tests.Dhcp;

/// <summary>Stands in for a socket's sender: each reply the handler sends arrives at <paramref name="probe"/>.</summary>
public sealed class ProbeReplies(IActorRef probe) : IReplySender
{
    public void Send(SendDhcpReply reply) => probe.Tell(reply);
}
