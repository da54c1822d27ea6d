using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using StaticDhcpd.Node.Configuration;
using Xunit.Abstractions;

namespace StaticDhcpd.Node.Tests;

/// <summary>
/// Three members on 127.0.0.1 with the embedded cluster defaults; one stops without leaving (its actor system ends
/// without coordinated shutdown, so the others only see its heartbeats stop, as after SIGKILL). Measured: how long
/// until a shard it hosted answers again from a survivor. The journal recovery of a real bucket comes on top.
/// </summary>
public class FailoverTimeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private const int Shards = 12;

    [Theory]
    [InlineData(0, "the oldest member (shard coordinator)")]
    [InlineData(2, "the youngest member")]
    public async Task A_crashed_members_shards_answer_again_from_the_survivors_within_10_s(int victim, string which)
    {
        using var dir = new TempConfig("");
        var systems = new List<ActorSystem>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var crash = i == victim ? "akka.coordinated-shutdown.run-by-actor-system-terminate = off" : "";
                var node = NodeConfigurationLoader.FromText($"""
                    staticdhcpd.data-dir = "{Path.GetDirectoryName(dir.Path)}"
                    akka.loglevel = WARNING
                    {crash}
                    """, $"node{i}");
                systems.Add(ActorSystem.Create("staticdhcpd", ActorSystemConfig.For(node)));
                // Joined one after the other, so that systems[0] is the oldest and hosts the coordinator.
                Cluster.Get(systems[i]).Join(Cluster.Get(systems[0]).SelfAddress);
                await WaitFor(() => Cluster.Get(systems[0]).State.Members.Count(m => m.Status == MemberStatus.Up) == i + 1,
                    $"member {i} Up");
            }
            var regions = systems.Select(s => ClusterSharding.Get(s).Start("echo", Props.Create<Echo>(),
                ClusterShardingSettings.Create(s), HashCodeMessageExtractor.Create(Shards, _ => null))).ToList();

            var victimAddress = Cluster.Get(systems[victim]).SelfAddress;
            var asker = regions[victim == 0 ? 1 : 0];
            var observer = systems[victim == 0 ? 1 : 0];
            string? onVictim = null;
            for (var e = 0; e < Shards * 3 && onVictim is null; e++)
            {
                var host = await asker.Ask<Address>(new ShardingEnvelope(e.ToString(), "where"), Deadline);
                if (host == victimAddress) onVictim = e.ToString();
            }
            Assert.NotNull(onVictim);

            var unreachable = new TaskCompletionSource<TimeSpan>();
            var removed = new TaskCompletionSource<TimeSpan>();
            var clock = Stopwatch.StartNew();
            observer.ActorOf(Props.Create(() => new MembershipWatch(victimAddress, clock, unreachable, removed)));
            await Task.Delay(200); // the watch's subscription replays the current state first
            clock.Restart();
            await systems[victim].Terminate().WaitAsync(Deadline);

            var answeredBy = await AskUntilAnswered(asker, onVictim!, clock);
            var servedAgain = clock.Elapsed;
            output.WriteLine($"{which} stopped: unreachable after {await unreachable.Task:s\\.f} s, removed after " +
                             $"{await removed.Task:s\\.f} s, its shard answered again by {answeredBy} after {servedAgain:s\\.f} s");
            Assert.True(unreachable.Task.IsCompleted, "the survivors never saw the member unreachable: it left instead of crashing");
            Assert.NotEqual(victimAddress, answeredBy);
            Assert.True(servedAgain < TimeSpan.FromSeconds(10), $"served again only after {servedAgain}");
        }
        finally
        {
            await Task.WhenAll(systems.Select(s => s.Terminate().WaitAsync(Deadline)));
        }
    }

    private static async Task<Address> AskUntilAnswered(IActorRef region, string entity, Stopwatch clock)
    {
        while (clock.Elapsed < Deadline)
        {
            try { return await region.Ask<Address>(new ShardingEnvelope(entity, "where"), TimeSpan.FromMilliseconds(250)); }
            catch (AskTimeoutException) { }
        }
        throw new TimeoutException($"entity {entity} never answered again within {Deadline}");
    }

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"{what}: not within {Deadline}");
            await Task.Delay(50);
        }
    }

    /// <summary>Answers with the address of the member it runs on.</summary>
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(_ => Sender.Tell(Cluster.Get(Context.System).SelfAddress));
    }

    private sealed class MembershipWatch : ReceiveActor
    {
        public MembershipWatch(Address who, Stopwatch clock, TaskCompletionSource<TimeSpan> unreachable,
            TaskCompletionSource<TimeSpan> removed)
        {
            Receive<ClusterEvent.UnreachableMember>(e => e.Member.Address == who, _ => unreachable.TrySetResult(clock.Elapsed));
            Receive<ClusterEvent.MemberRemoved>(e => e.Member.Address == who, _ => removed.TrySetResult(clock.Elapsed));
            ReceiveAny(_ => { });
        }

        protected override void PreStart() => Cluster.Get(Context.System).Subscribe(Self,
            ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent),
            typeof(ClusterEvent.IReachabilityEvent));
    }
}
