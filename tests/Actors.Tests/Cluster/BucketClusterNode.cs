using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using StaticDhcpd.Actors.Clustering;

namespace StaticDhcpd.Actors.Tests.Clustering;

/// <summary>Asks the entity of one bucket where it runs.</summary>
public sealed record Locate(string EntityId);

/// <summary>A bucket entity that answers with the address of the node it runs on.</summary>
public sealed class WhereAmI : ReceiveActor
{
    public WhereAmI() =>
        Receive<Locate>(_ => Sender.Tell(Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString()));
}

/// <summary>Shard id = entity id = <c>pool|n</c>, as the lease region's.</summary>
public sealed class LocateExtractor : IMessageExtractor
{
    public string EntityId(object message) => ((Locate)message).EntityId;
    public object EntityMessage(object message) => message;
    public string ShardId(object message) => EntityId(message);
    public string ShardId(string entityId, object? messageHint = null) => entityId;
}

/// <summary>One cluster node in this process: its own ActorSystem on 127.0.0.1 (port 0), the bucket table keeper and
/// the "lease" region placed by <see cref="BucketAllocationStrategy"/>.</summary>
public sealed class BucketClusterNode
{
    private static readonly Config NodeConfig = ConfigurationFactory.ParseString("""
        akka {
          loglevel = WARNING
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
          cluster {
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver { active-strategy = keep-majority, stable-after = 3s }
            failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 2s }
            sharding {
              state-store-mode = ddata
              remember-entities = off
              distributed-data.durable.keys = []
              rebalance-interval = 1s
            }
          }
        }
        """);

    /// <summary>Terminating this system does not leave the cluster: the others see a crash.</summary>
    private static readonly Config Crashable = ConfigurationFactory.ParseString(
        "akka.coordinated-shutdown.run-by-actor-system-terminate = off");

    private BucketClusterNode(ActorSystem system, BucketTableHolder holder, IActorRef region)
    {
        System = system;
        Holder = holder;
        Region = region;
    }

    public ActorSystem System { get; }
    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);
    public Address Address => Cluster.SelfAddress;
    public BucketTableHolder Holder { get; }
    public IActorRef Region { get; }

    /// <summary>Starts a node and joins <paramref name="seed"/> (itself when null); returns once it is Up.</summary>
    public static async Task<BucketClusterNode> Start(Address? seed, bool crashable = false)
    {
        var config = crashable ? Crashable.WithFallback(NodeConfig) : NodeConfig;
        var system = ActorSystem.Create("staticdhcpd", config);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var holder = new BucketTableHolder();
        system.ActorOf(BucketTableKeeper.Props(holder), "bucket-table-keeper");
        var region = await ClusterSharding.Get(system).StartAsync("lease", _ => Props.Create<WhereAmI>(),
            ClusterShardingSettings.Create(system), new LocateExtractor(), BucketAllocationStrategy.For(system), PoisonPill.Instance);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(seed ?? cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return new BucketClusterNode(system, holder, region);
    }

    /// <summary>Where the entity of <paramref name="bucket"/> answers from, through this node's region; null when no
    /// answer came within a second (shard moving or its node down).</summary>
    public async Task<string?> Locate(int bucket)
    {
        try
        {
            return await Region.Ask<string>(new Locate(Buckets.EntityId("lan", bucket)), TimeSpan.FromSeconds(1));
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    public Task Stop() => System.Terminate().WaitAsync(TimeSpan.FromSeconds(15));
}
