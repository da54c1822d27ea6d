using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Node.Configuration;
using StaticDhcpd.Node.Management;
using StaticDhcpd.Node.Persistence;

namespace StaticDhcpd.Node.Hosting;

/// <summary>Starts one node as a hosted application (<see cref="ManagementApp"/>): the actor system through Akka.Hosting
/// (a cluster of one until others join), the node's actors (<see cref="NodeActors"/>), the management HTTP, then —
/// once the pools have recovered — the request handler and one DhcpSocket per served interface; runs until cancelled.</summary>
public static class NodeHost
{
    public static async Task RunAsync(NodeConfiguration config, CancellationToken ct)
    {
        Directory.CreateDirectory(config.DataDir);
        // Fail before any actor starts: a missing interface is a configuration error.
        var interfaces = ResolveInterfaces(config);
        var serverId = config.Dhcp.ServerIp ?? interfaces[0].Address;
        var p = config.Persistence;
        PersistenceConfig.PrepareDatabase(config.DataDir, p.Provider, p.ConnectionString);

        var readiness = new NodeReadiness();
        await using var app = ManagementApp.Build(config, readiness, interfaces);
        var system = app.Services.GetRequiredService<ActorSystem>();
        var registry = app.Services.GetRequiredService<ActorRegistry>();
        var node = app.Services.GetRequiredService<NodeServices>();
        ManagementApp.Map(app, node);
        try
        {
            // From here /alive and /ready answer; /ready says 503 until the sockets are open.
            await ManagementApp.StartAsync(app, config.Management, ct);
            if (node.Pools is { } regions) await PoolStartup.WaitForPoolsAsync(system, regions, config.Pools, ct);
            var handler = DhcpServing.Open(node, registry, interfaces, serverId);
            readiness.MarkServing();
            var management = config.Management.Enabled ? config.Management.LocalUrl : "off";
            system.Log.Info("staticdhcpd node up: server identifier {0}, interfaces {1}, static provider {2}, {3} pool(s), journal {4}, management {5}",
                serverId, string.Join(",", config.Dhcp.Interfaces), config.Static.Provider, config.Pools.Count, p.Provider, management);
            using var signals = new NodeSignals(node, handler);

            var stop = new TaskCompletionSource();
            await using (ct.Register(() => stop.TrySetResult()))
                await Task.WhenAny(stop.Task, system.WhenTerminated);
            // SIGTERM may reach the CLR shutdown hook first (it runs the coordinated shutdown itself), and an operator's
            // leave (ctl cluster leave, the management API) ends the node too: both are stops as asked, exit 0, and a
            // supervisor configured to restart on failure leaves the node out. Any other end (downed by the split-brain
            // resolver) exits non-zero so the supervisor restarts the node and it rejoins.
            var reason = CoordinatedShutdown.Get(system).ShutdownReason;
            if (reason is CoordinatedShutdown.ClusterLeavingReason)
                system.Log.Info("staticdhcpd node left the cluster as asked; stopping");
            else if (!ct.IsCancellationRequested && reason is not CoordinatedShutdown.ClrExitReason)
                throw new NodeTerminatedException($"the actor system terminated ({reason?.GetType().Name ?? "no shutdown reason"}: " +
                    "this node was removed from the cluster); exiting so it can be restarted");
            system.Log.Info("staticdhcpd node stopping");
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        }
        finally
        {
            // Kestrel stops; Akka.Hosting runs the coordinated shutdown (a no-op once it has run above).
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StopAsync(grace.Token);
        }
    }

    /// <summary>The served interfaces as the kernel reports them; a missing one is named by its configuration key.</summary>
    public static IReadOnlyList<InterfaceInfo> ResolveInterfaces(NodeConfiguration config)
    {
        var list = new List<InterfaceInfo>();
        for (var i = 0; i < config.Dhcp.Interfaces.Count; i++)
        {
            try { list.Add(InterfaceInfo.Resolve(config.Dhcp.Interfaces[i])); }
            catch (InvalidOperationException e)
            {
                throw new ConfigurationException($"staticdhcpd.dhcp.interfaces[{i}]", e.Message);
            }
        }
        return list;
    }
}
