namespace StaticDhcpd.Node.Hosting;

/// <summary>How far start-up has come, for /ready: the pools answered (recovered from the journal) and the sockets
/// opened. Written once by the host, read by the readiness checks.</summary>
public sealed class NodeReadiness
{
    private volatile bool _serving;

    /// <summary>Every configured pool answered its status and the DHCP sockets are open.</summary>
    public bool Serving => _serving;

    public void MarkServing() => _serving = true;
}
