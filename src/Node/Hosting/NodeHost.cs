using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Actors.Static;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Actors.Webhook;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Node.Configuration;
using StaticDhcpd.Node.Persistence;

namespace StaticDhcpd.Node.Hosting;

/// <summary>Starts one node: the actor system (a cluster of one until others join), the static directory, the pool
/// and lease shard regions, the request handler and one DhcpSocket per served interface; runs until cancelled.</summary>
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

        using var system = ActorSystem.Create("staticdhcpd", ActorSystemConfig.For(config));
        var cluster = Cluster.Get(system);
        if (config.AkkaConfig.GetStringList("akka.cluster.seed-nodes").Count == 0)
            cluster.Join(cluster.SelfAddress);
        // Which buckets this member answers for, kept current from the membership (none until it is Up).
        var buckets = new BucketTableHolder();
        system.ActorOf(BucketTableKeeper.Props(buckets), "bucket-table");
        if (config.DownRefusedMembers) system.ActorOf(RefusedMemberDowning.Props(), "refused-member-downing");

        // Before the sockets open, so the first unknown client is reported too.
        if (config.Webhook.Enabled)
            system.ActorOf(WebhookNotifier.Props(config.Webhook,
                new WebhookNotifierOptions { UnknownMacWindow = config.Dhcp.UnauthorizedClientTimeout }), WebhookNotifier.Name);

        var counters = new DhcpCounters();
        var source = IStaticDefinitionSource.Create(config.Static);
        var directory = system.ActorOf(StaticDirectory.Props(source, config.Static), "static-directory");
        PoolRouting? pools = null;
        PoolRegions? regions = null;
        if (config.Pools.Count > 0)
        {
            regions = PoolSharding.Start(system, config.Pools,
                new PoolShardingOptions { BucketAllocation = BucketAllocationStrategy.For(system) });
            await WaitForPoolsAsync(system, regions, config.Pools, ct);
            pools = new PoolRouting(new PoolSelector(config.Pools, InterfaceAddresses(config.Dhcp.Interfaces)), regions.Leases);
        }
        var handler = system.ActorOf(
            DhcpRequestHandler.Props(config.Dhcp, serverId, directory, counters, pools: pools, buckets: buckets), "dhcp-handler");
        // The responsibility stage again, on each socket's receive thread before decoding (see ResponsibilityGate).
        var gate = new ResponsibilityGate(serverId, buckets);
        var sockets = interfaces
            .Select(iface => system.ActorOf(DhcpSocket.Props(iface, config.Dhcp, handler, counters, gate), $"dhcp-socket-{iface.Name}"))
            .ToList();
        // Leaving (SIGTERM) or downed: stop answering first, so no reply is made while the buckets are handed over.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-dhcp-sockets", async () =>
        {
            await Task.WhenAll(sockets.Select(s => s.GracefulStop(TimeSpan.FromSeconds(5))));
            return Akka.Done.Instance;
        });
        system.Log.Info("staticdhcpd node up: server identifier {0}, interfaces {1}, static provider {2}, {3} pool(s), journal {4}",
            serverId, string.Join(",", config.Dhcp.Interfaces), config.Static.Provider, config.Pools.Count, p.Provider);

        // SIGHUP flushes the static cache, as staticDHCPd's reinitialise.
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
        {
            ctx.Cancel = true;
            system.Log.Info("SIGHUP: flushing the static definition cache");
            handler.Tell(new FlushStaticCache());
        });

        // SIGUSR1 logs the counters and every pool's state, as dnsmasq's statistics dump.
        using var usr1 = PosixSignalRegistration.Create((PosixSignal)10, ctx =>
        {
            ctx.Cancel = true;
            _ = LogStatisticsAsync(system, counters, regions, config.Pools);
        });

        var stop = new TaskCompletionSource();
        await using (ct.Register(() => stop.TrySetResult()))
            await Task.WhenAny(stop.Task, system.WhenTerminated);
        // SIGTERM may reach the CLR shutdown hook first (it runs the coordinated shutdown itself): that is a stop as
        // asked. Any other end (downed by the split-brain resolver) exits non-zero so a supervisor restarts the node.
        var reason = CoordinatedShutdown.Get(system).ShutdownReason;
        if (!ct.IsCancellationRequested && reason is not CoordinatedShutdown.ClrExitReason)
            throw new NodeTerminatedException($"the actor system terminated ({reason?.GetType().Name ?? "no shutdown reason"}: " +
                "this node was removed from the cluster); exiting so it can be restarted");
        system.Log.Info("staticdhcpd node stopping");
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
    }

    /// <summary>
    /// Opens the sockets only once every pool entity has recovered: before that, the first clients' requests would
    /// wait on the shard coordinator and the journal and time out. A journal that cannot be reached keeps the node
    /// here, retrying and saying so, rather than serving with pools it cannot answer from.
    /// </summary>
    private static async Task WaitForPoolsAsync(ActorSystem system, PoolRegions regions, IReadOnlyList<PoolSettings> pools,
        CancellationToken ct)
    {
        foreach (var pool in pools)
        {
            for (var attempt = 1; ; attempt++)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    var s = await regions.Pools.Ask<PoolStatus>(new GetPoolStatus(pool.Name), TimeSpan.FromSeconds(10), ct);
                    system.Log.Info("pool {0} ready: {1} free, {2} bound, {3} declined of {4}",
                        s.Pool, s.Free, s.Bound, s.Declined, s.Total);
                    break;
                }
                catch (AskTimeoutException)
                {
                    system.Log.Warning("pool {0} not ready after {1} attempt(s) (journal unreachable or still recovering); retrying",
                        pool.Name, attempt);
                }
            }
        }
    }

    private static async Task LogStatisticsAsync(ActorSystem system, DhcpCounters counters, PoolRegions? regions,
        IReadOnlyList<PoolSettings> pools)
    {
        system.Log.Info(StatisticsReport.Counters(counters.Snapshot()));
        if (regions is null) return;
        foreach (var pool in pools)
        {
            try
            {
                var s = await regions.Pools.Ask<PoolStatus>(new GetPoolStatus(pool.Name), TimeSpan.FromSeconds(5));
                system.Log.Info(StatisticsReport.Pool(s));
            }
            catch (AskTimeoutException)
            {
                system.Log.Warning(StatisticsReport.PoolUnavailable(pool.Name));
            }
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

    /// <summary>Every IPv4 address of each served interface: a segment may carry a registration subnet beside its own.</summary>
    private static IReadOnlyDictionary<string, IReadOnlyList<Ipv4Address>> InterfaceAddresses(IReadOnlyList<string> names) =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => names.Contains(n.Name))
            .ToDictionary(n => n.Name, n => (IReadOnlyList<Ipv4Address>)n.GetIPProperties().UnicastAddresses
                .Where(u => u.Address.AddressFamily == AddressFamily.InterNetwork)
                .Select(u => Ipv4Address.FromIPAddress(u.Address))
                .ToList());
}
