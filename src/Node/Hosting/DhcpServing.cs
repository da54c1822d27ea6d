using System.Net.NetworkInformation;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Hosting;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Node.Hosting;

/// <summary>The request handler and one DhcpSocket per served interface, opened last (the pools have recovered);
/// a coordinated-shutdown task closes the sockets first when the node leaves or is downed.</summary>
public static class DhcpServing
{
    /// <summary>Starts the handler (registered as <see cref="DhcpHandlerKey"/>) and the sockets; returns the handler.</summary>
    public static IActorRef Open(NodeServices node, IActorRegistry registry, IReadOnlyList<InterfaceInfo> interfaces,
        Ipv4Address serverId)
    {
        var system = node.System;
        var config = node.Config;
        PoolRouting? pools = node.Pools is { } regions
            ? new PoolRouting(new PoolSelector(config.Pools, InterfaceAddresses(config.Dhcp.Interfaces)), regions.Leases)
            : null;
        var handler = system.ActorOf(
            DhcpRequestHandler.Props(config.Dhcp, serverId, node.StaticDirectory, node.Counters, pools: pools, buckets: node.Buckets,
                staticAnswers: node.StaticAnswers),
            "dhcp-handler");
        registry.Register<DhcpHandlerKey>(handler);
        // The responsibility stage again, on each socket's receive thread before decoding (see ResponsibilityGate).
        var gate = new ResponsibilityGate(serverId, node.Buckets);
        var sockets = interfaces
            .Select(iface => system.ActorOf(DhcpSocket.Props(iface, config.Dhcp, handler, node.Counters, gate,
                node.Links.FirstOrDefault(l => l.Interface == iface.Name)?.Device), $"dhcp-socket-{iface.Name}"))
            .ToList();
        // Leaving (SIGTERM) or downed: stop answering first, so no reply is made while the buckets are handed over.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-dhcp-sockets", async () =>
        {
            await Task.WhenAll(sockets.Select(s => s.GracefulStop(TimeSpan.FromSeconds(5))));
            return Akka.Done.Instance;
        });
        return handler;
    }

    /// <summary>Every IPv4 address of each served interface: a segment may carry a registration subnet beside its own.</summary>
    private static IReadOnlyDictionary<string, IReadOnlyList<Ipv4Address>> InterfaceAddresses(IReadOnlyList<string> names) =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => names.Contains(n.Name))
            .ToDictionary(n => n.Name, n => (IReadOnlyList<Ipv4Address>)n.GetIPProperties().UnicastAddresses
                .Where(u => u.Address.AddressFamily == AddressFamily.InterNetwork)
                .Select(u => Ipv4Address.FromIPAddress(u.Address))
                .ToList());
}
