using System.Net;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Static;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Integration.Tests.Static;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Node.Api;
using StaticDhcpd.Node.Configuration;
using StaticDhcpd.Node.Hosting;
using StaticDhcpd.Node.Management;
using StaticDhcpd.Node.Persistence;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>
/// A node's actors without sockets — the real actor system of the node's configuration (a cluster of one), its pool
/// and lease regions on a real SQLite journal, the static directory on a real staticDHCPd SQLite database — and
/// <c>MapApiV1</c> served by Kestrel on 127.0.0.1, port 0. Leases are made the way the request handler makes them:
/// LeaseRequests through the lease region.
/// </summary>
public sealed class ApiTestNode : IAsyncDisposable
{
    public const string Pool = "guests";

    private readonly string _dir = Directory.CreateTempSubdirectory("staticdhcpd-api-").FullName;
    private WebApplication? _app;
    private long _correlation;

    public ActorSystem System { get; private set; } = null!;
    public NodeServices Services { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public string StaticDb => Path.Combine(_dir, "static.db");

    /// <param name="staticProvider">sqlite (a database with one subnet and one map) or none.</param>
    /// <param name="joinTo">Another node to join (a cluster of several; without pools, whose journals are per node here).</param>
    /// <param name="token">The management token, checked as the node's management host checks it (mutations need it).</param>
    /// <param name="secondPool">The name of a second pool (10.79.0.0/24, ten addresses) beside <see cref="Pool"/>.</param>
    public static async Task<ApiTestNode> StartAsync(string staticProvider = "sqlite", bool withPool = true, Akka.Actor.Address? joinTo = null,
        string? token = null, string? secondPool = null)
    {
        var node = new ApiTestNode();
        await node.StartCoreAsync(staticProvider, withPool, joinTo, token, secondPool);
        return node;
    }

    public Akka.Actor.Address Address => Akka.Cluster.Cluster.Get(System).SelfAddress;

    private async Task StartCoreAsync(string staticProvider, bool withPool, Akka.Actor.Address? joinTo, string? token, string? secondPool)
    {
        StaticDatabase.Create(StaticDb,
            [new SubnetRow("10.78.0.0/24", 0, 3600, "10.78.0.1", "255.255.255.0", null, null, null, null)],
            [new MapRow("02:00:00:00:aa:01", "10.78.0.20", "printer", "10.78.0.0/24", 0)]);
        var second = secondPool is null
            ? ""
            : $$""", { name = "{{secondPool}}", subnet = "10.79.0.0/24", ranges = ["10.79.0.10-10.79.0.19"], lease-time = 600s }""";
        var pools = withPool
            ? $$"""pools = [{ name = "{{Pool}}", subnet = "10.77.0.0/16", ranges = ["10.77.100.10-10.77.100.19"], lease-time = 600s, hostname-prefix = "guest" }{{second}}]"""
            : "";
        var config = NodeConfigurationLoader.FromText($$"""
            staticdhcpd {
              data-dir = "{{_dir}}"
              static { provider = {{staticProvider}}, connection-string = "Data Source={{StaticDb}}" }
              {{pools}}
            }
            akka.loglevel = WARNING
            """, "api-test");
        PersistenceConfig.PrepareDatabase(config.DataDir, config.Persistence.Provider, config.Persistence.ConnectionString);
        System = ActorSystem.Create("staticdhcpd", ActorSystemConfig.For(config));
        var cluster = Akka.Cluster.Cluster.Get(System);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(joinTo ?? cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var directory = System.ActorOf(StaticDirectory.Props(IStaticDefinitionSource.Create(config.Static), config.Static), "static-directory");
        PoolRegions? regions = null;
        if (config.Pools.Count > 0)
        {
            regions = PoolSharding.Start(System, config.Pools);
            // As NodeHost: serve once the pool and its buckets have recovered.
            foreach (var p in config.Pools) await regions.Pools.Ask<PoolStatus>(new GetPoolStatus(p.Name), TimeSpan.FromSeconds(30));
        }
        Services = new NodeServices(System, config, new DhcpCounters(), directory, regions, new BucketTableHolder());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        if (token is not null) _app.UseTokenCheck(token);
        _app.MapApiV1(Services);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public static MacAddress Mac(int n) => new((ulong)(0x020000000000 + n));

    /// <summary>DISCOVER then REQUEST (SELECTING) for client <paramref name="n"/>, as the request handler sends them;
    /// with <paramref name="clientId"/> the client is keyed by its option 61. Returns the bound address.</summary>
    public async Task<Ipv4Address> BindAsync(int n, byte[]? clientId = null, string? hostname = null)
    {
        var key = ClientKey.From(clientId, Mac(n));
        var offer = await SendAsync(key, n, DhcpMethod.Discover, null, hostname);
        if (offer.Outcome != LeaseOutcome.Offer) throw new InvalidOperationException($"no offer: {offer}");
        var ack = await SendAsync(key, n, DhcpMethod.RequestSelecting, offer.Address, hostname);
        if (ack.Outcome != LeaseOutcome.Ack) throw new InvalidOperationException($"no ack: {ack}");
        return ack.Address;
    }

    public Task<LeaseReply> DeclineAsync(int n, Ipv4Address address) =>
        SendAsync(ClientKey.From(null, Mac(n)), n, DhcpMethod.Decline, address, null);

    private Task<LeaseReply> SendAsync(string key, int n, DhcpMethod method, Ipv4Address? requested, string? hostname)
    {
        var id = Interlocked.Increment(ref _correlation);
        return Services.Pools!.Leases.Ask<LeaseReply>(
            new LeaseRequest(Pool, key, Mac(n), method, requested, Ipv4Address.Any, hostname, (uint)id, id), TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        if (System is not null) await System.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
