namespace StaticDhcpd.Actors.Sockets;

/// <summary>Sends a reply out of the interface its request came in on, from whichever thread decides it (the
/// request handler's): a reply is a syscall, not another actor message.</summary>
public interface IReplySender
{
    void Send(SendDhcpReply reply);
}
