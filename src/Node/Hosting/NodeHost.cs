using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Actors.Static;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Hosting;

/// <summary>Starts one node: the actor system (a cluster of one until others join), the static directory,
/// the request handler and one DhcpSocket per served interface; runs until cancelled.</summary>
public static class NodeHost
{
    public static async Task RunAsync(NodeConfiguration config, CancellationToken ct)
    {
        Directory.CreateDirectory(config.DataDir);
        // Fail before any actor starts: a missing interface is a configuration error.
        var interfaces = config.Dhcp.Interfaces.Select(InterfaceInfo.Resolve).ToList();
        var serverId = config.Dhcp.ServerIp ?? interfaces[0].Address;

        using var system = ActorSystem.Create("staticdhcpd", config.AkkaConfig);
        var cluster = Cluster.Get(system);
        if (config.AkkaConfig.GetStringList("akka.cluster.seed-nodes").Count == 0)
            cluster.Join(cluster.SelfAddress);

        var counters = new DhcpCounters();
        var source = IStaticDefinitionSource.Create(config.Static);
        var directory = system.ActorOf(StaticDirectory.Props(source, config.Static), "static-directory");
        var handler = system.ActorOf(
            DhcpRequestHandler.Props(config.Dhcp, serverId, directory, counters), "dhcp-handler");
        foreach (var iface in interfaces)
            system.ActorOf(DhcpSocket.Props(iface, config.Dhcp, handler, counters), $"dhcp-socket-{iface.Name}");
        system.Log.Info("staticdhcpd node up: server identifier {0}, interfaces {1}, static provider {2}",
            serverId, string.Join(",", config.Dhcp.Interfaces), config.Static.Provider);

        // SIGHUP flushes the static cache, as staticDHCPd's reinitialise.
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
        {
            ctx.Cancel = true;
            system.Log.Info("SIGHUP: flushing the static definition cache");
            handler.Tell(new FlushStaticCache());
        });

        try { await Task.Delay(Timeout.Infinite, ct); }
        catch (OperationCanceledException) { }
        system.Log.Info("staticdhcpd node stopping");
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
    }
}
