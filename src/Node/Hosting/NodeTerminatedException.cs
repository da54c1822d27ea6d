namespace StaticDhcpd.Node.Hosting;

/// <summary>The node's actor system ended without being asked to (downed by the split-brain resolver): the process
/// exits non-zero so systemd or Kubernetes starts it again.</summary>
public sealed class NodeTerminatedException(string message) : Exception(message);
