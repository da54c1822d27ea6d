using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using StaticDhcpd.Actors.Clustering;
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
                // As NodeHost does: the product's failover includes downing a member whose port refuses.
                if (node.DownRefusedMembers) systems[i].ActorOf(RefusedMemberDowning.Props(), "refused-member-downing");
                // Joined one after the other, so that systems[0] is the oldest and hosts the coordinator.
                Cluster.Get(systems[i]).Join(Cluster.Get(systems[0]).SelfAddress);
                await WaitFor(() => Cluster.Get(systems[0]).State.Members.Count(m => m.Status == MemberStatus.Up) == i + 1,
                    $"member {i} Up");
            }
            var regions = systems.Select(s => ClusterSharding.Get(s).Start("echo", Props.Create<Echo>(),
                ClusterShardingSettings.Create(s), HashCodeMessageExtractor.Create(Shards, _ => null))).ToList();
            // Shards go only to regions the coordinator knows: all three registered first, or the victim may get none.
            var registered = DateTime.UtcNow + Deadline;
            while ((await regions[0].Ask<CurrentRegions>(GetCurrentRegions.Instance, Deadline)).Regions.Count < 3)
            {
                if (DateTime.UtcNow > registered) throw new TimeoutException($"three regions registered: not within {Deadline}");
                await Task.Delay(50);
            }

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
            // Not awaited: the clock runs from the crash, and however long the victim's own teardown takes in this
            // process is not failover time. Until the survivors have taken the shard over, it may still answer.
            TimeSpan? victimStopped = null;
            _ = systems[victim].Terminate().ContinueWith(_ => victimStopped = clock.Elapsed);

            var answeredBy = await AskUntilAnsweredByASurvivor(asker, onVictim!, victimAddress, clock);
            var servedAgain = clock.Elapsed;
            static string At(Task<TimeSpan> t) => t.IsCompleted ? $"after {t.Result:s\\.f} s" : "not yet";
            output.WriteLine($"{which} stopped: unreachable {At(unreachable.Task)}, removed {At(removed.Task)}, its shard " +
                             $"answered again by {answeredBy} after {servedAgain:s\\.f} s (its own actor system " +
                             (victimStopped is { } t ? $"took {t:s\\.f} s to stop)" : "still stopping)"));
            Assert.True(unreachable.Task.IsCompleted, "the survivors never saw the member unreachable: it left instead of crashing");
            Assert.True(servedAgain < TimeSpan.FromSeconds(10), $"served again only after {servedAgain}");
        }
        finally
        {
            await Task.WhenAll(systems.Select(s => s.Terminate()))
                .WaitAsync(Deadline).ContinueWith(t => { if (t.IsFaulted) output.WriteLine($"teardown: {t.Exception!.InnerException!.Message}"); });
        }
    }

    private static async Task<Address> AskUntilAnsweredByASurvivor(IActorRef region, string entity, Address victim,
        Stopwatch clock)
    {
        while (clock.Elapsed < Deadline)
        {
            try
            {
                var host = await region.Ask<Address>(new ShardingEnvelope(entity, "where"), TimeSpan.FromMilliseconds(250));
                if (host != victim) return host;
                await Task.Delay(50);
            }
            catch (AskTimeoutException) { }
        }
        throw new TimeoutException($"entity {entity} never answered from a survivor within {Deadline}");
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
