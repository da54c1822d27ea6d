using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Bench.PoolThroughput;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Node.Persistence;

// First contact through the real stack: a one-member cluster, PoolSharding, the node's PersistenceConfig on a fresh
// SQLite file (WAL), the pool serializer. Every client is new; a pair counts when its ACK (durable grant) arrives.
// Usage: dotnet run -c Release -- [--clients 20000] [--window 1000] [--restart] [--snapshot-every N]
//        [--lease-idle-seconds 30] [--heap-after-passivation]
var clients = Arg("--clients", 20000);
var window = Arg("--window", 1000);
// 0 = the pool's default policy; N = a snapshot every N events whatever the state's size (to see what snapshots cost).
var snapshotEvery = Arg("--snapshot-every", 0);
var leaseIdle = TimeSpan.FromSeconds(Arg("--lease-idle-seconds", 30));
var shardingOptions = snapshotEvery > 0
    ? new PoolShardingOptions { LeaseIdleTimeout = leaseIdle, Pool = new PoolEntityOptions { SnapshotEvery = snapshotEvery, SnapshotPerStateEntry = 0 } }
    : new PoolShardingOptions { LeaseIdleTimeout = leaseIdle };
var restart = args.Contains("--restart");
var dataDir = Path.Combine(Path.GetTempPath(), "pool-throughput-" + Guid.NewGuid().ToString("N"));

var pool = new PoolSettings
{
    Name = "bench",
    Subnet = new Ipv4Subnet(Ipv4Address.Parse("10.77.0.0"), 16),
    // 60,000 addresses, as in issue 3's perfdhcp comparison (50,000 clients fit).
    Ranges = [(Ipv4Address.Parse("10.77.1.0"), Ipv4Address.Parse("10.77.235.95"))],
    LeaseTime = TimeSpan.FromHours(1),
    HostnamePrefix = "guest",
};

try
{
    var (system, regions) = await StartNode();
    // Warm-up (not counted): creates and recovers the pool entity, JITs the path.
    var warm = await RunClients(system, regions, 1_000_000, 200, 50);
    Console.WriteLine($"warm-up: {warm.Acked} acked, {warm.Failed} failed");

    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var result = await RunClients(system, regions, 1, clients, window);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    var lat = result.AckLatenciesMs.Order().ToArray();
    var distinct = result.Addresses.Distinct().Count();
    Console.WriteLine($"clients={clients} window={window} acked={result.Acked} failed={result.Failed} timedOut={result.TimedOut}");
    Console.WriteLine($"elapsed={result.Elapsed.TotalSeconds:F2}s  pairs/s={result.Acked / result.Elapsed.TotalSeconds:F0}  " +
                      $"cpu/pair={cpu.TotalMicroseconds / Math.Max(1, result.Acked):F0}us (whole process, incl. driver and SQLite)");
    if (lat.Length > 0)
        Console.WriteLine($"DISCOVER->ACK latency ms: p50={Pct(lat, 0.5):F1} p90={Pct(lat, 0.9):F1} p99={Pct(lat, 0.99):F1} max={lat[^1]:F1}");
    Console.WriteLine($"distinct addresses acked: {distinct} (must equal acked)");
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    Console.WriteLine($"managed heap after the run: {GC.GetTotalMemory(true) / 1e6:F0} MB (lease entities alive until passivated)");
    if (args.Contains("--heap-after-passivation"))
    {
        // Sharding checks for idle entities every half idle timeout: wait for one full round after the timeout.
        await Task.Delay(leaseIdle * 2 + TimeSpan.FromSeconds(1));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Console.WriteLine($"managed heap after lease entities passivated: {GC.GetTotalMemory(true) / 1e6:F0} MB");
    }
    var status = await regions.Pools.Ask<PoolStatus>(new GetPoolStatus(pool.Name), TimeSpan.FromSeconds(30));
    Console.WriteLine($"pool: bound={status.Bound} free={status.Free} offered={status.Offered}");
    await system.Terminate();

    if (restart)
    {
        var sw = Stopwatch.StartNew();
        var (again, regions2) = await StartNode();
        var after = await regions2.Pools.Ask<PoolStatus>(new GetPoolStatus(pool.Name), TimeSpan.FromMinutes(2));
        Console.WriteLine($"after restart: bound={after.Bound} (recovered in {sw.Elapsed.TotalMilliseconds:F0} ms incl. cluster start)");
        await again.Terminate();
    }
    return distinct == result.Acked && result.Failed == 0 ? 0 : 1;
}
finally
{
    SqliteConnection.ClearAllPools();
    try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
}

async Task<(ActorSystem, PoolRegions)> StartNode()
{
    PersistenceConfig.PrepareDatabase(dataDir, "sqlite", null);
    var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            akka.actor.serialization-settings.allow-unregistered-types = false
            """)
        .WithFallback(PoolSerialization.Config)
        .WithFallback(PersistenceConfig.Build(dataDir, "sqlite", null));
    var system = ActorSystem.Create("bench", config);
    var cluster = Cluster.Get(system);
    var up = new TaskCompletionSource();
    cluster.RegisterOnMemberUp(() => up.TrySetResult());
    cluster.Join(cluster.SelfAddress);
    await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
    return (system, PoolSharding.Start(system, [pool], shardingOptions));
}

async Task<RunResult> RunClients(ActorSystem system, PoolRegions regions, int first, int count, int w)
{
    var driver = system.ActorOf(Props.Create(() => new Driver(regions.Leases, pool.Name)));
    var deadline = TimeSpan.FromMinutes(8);
    var r = await driver.Ask<RunResult>(new Run(first, count, w, deadline), deadline + TimeSpan.FromSeconds(30));
    system.Stop(driver);
    return r;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}

static double Pct(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
