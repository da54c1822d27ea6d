using Microsoft.Extensions.Hosting;

namespace StaticDhcpd.Node.Management;

/// <summary>The host's lifetime is the node's: it starts and stops when NodeHost says (Program turns SIGTERM and
/// Ctrl-C into its cancellation token), not on signals of its own as the default console lifetime would.</summary>
internal sealed class NodeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
