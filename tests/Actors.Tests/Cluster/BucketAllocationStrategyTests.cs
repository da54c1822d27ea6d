using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using StaticDhcpd.Actors.Clustering;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Clustering;

/// <summary>The strategy's decisions over region refs like the coordinator's: the local region (no host in its path,
/// this node is 10.77.0.11) and remote ones resolved from paths (nothing is sent to them).</summary>
public class BucketAllocationStrategyTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config RemoteOnPortZero = ConfigurationFactory.ParseString(
        "akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }");

    private static Address Node(int last) => new("akka.tcp", "staticdhcpd", $"10.77.0.{last}", 4053);

    private readonly IActorRef _local;
    private readonly IActorRef _r12;
    private readonly IActorRef _r13;

    public BucketAllocationStrategyTests() : base(RemoteOnPortZero)
    {
        _local = CreateTestProbe().Ref;
        var provider = ((ExtendedActorSystem)Sys).Provider;
        _r12 = provider.ResolveActorRef($"{Node(12)}/system/sharding/lease");
        _r13 = provider.ResolveActorRef($"{Node(13)}/system/sharding/lease");
    }

    private static BucketAllocationStrategy Strategy(bool settled = true, params int[] serving) =>
        new(Node(11), () => new MembershipView(serving.Select(Node).ToHashSet(), settled));

    private static IImmutableDictionary<IActorRef, IImmutableList<string>> Regions(params (IActorRef Region, string[] Shards)[] regions) =>
        regions.ToImmutableDictionary(r => r.Region, r => (IImmutableList<string>)r.Shards.ToImmutableList());

    private Address AddressOf(IActorRef region) => region.Equals(_local) ? Node(11) : region.Path.Address;

    private static string Shard(int bucket) => Buckets.EntityId("lan", bucket);

    [Fact]
    public async Task Every_bucket_is_allocated_on_its_owner_and_the_local_region_stands_for_this_node()
    {
        var strategy = Strategy(true, 11, 12, 13);
        var regions = Regions((_local, []), (_r12, []), (_r13, []));
        for (var b = 0; b < Buckets.Count; b++)
        {
            var region = await strategy.AllocateShard(_r12, Shard(b), regions);
            Assert.Equal(BucketOwnership.OwnerOf(b, [Node(11), Node(12), Node(13)]), AddressOf(region));
        }
    }

    [Fact]
    public async Task A_region_whose_member_is_not_serving_gets_nothing()
    {
        var strategy = Strategy(true, 11, 12); // 13 is leaving or unreachable
        var regions = Regions((_local, []), (_r12, []), (_r13, []));
        for (var b = 0; b < Buckets.Count; b++)
        {
            var region = await strategy.AllocateShard(_local, Shard(b), regions);
            Assert.Equal(BucketOwnership.OwnerOf(b, [Node(11), Node(12)]), AddressOf(region));
        }
    }

    [Fact]
    public async Task An_id_that_is_not_a_bucket_goes_to_the_region_with_fewest_shards()
    {
        var regions = Regions((_local, [Shard(1), Shard(2)]), (_r12, [Shard(3)]), (_r13, [Shard(4), Shard(5)]));
        Assert.Equal(_r12, await Strategy(true, 11, 12, 13).AllocateShard(_local, "lan", regions));
    }

    [Fact]
    public async Task With_no_region_nothing_is_allocated_and_the_coordinator_retries() =>
        Assert.Null(await Strategy(true, 11).AllocateShard(_local, Shard(0), Regions()));

    [Fact]
    public async Task After_a_join_exactly_the_joiners_buckets_are_rebalanced()
    {
        Address[] two = [Node(11), Node(12)];
        var onTwo = Enumerable.Range(0, Buckets.Count).ToLookup(b => BucketOwnership.OwnerOf(b, two));
        var regions = Regions(
            (_local, onTwo[Node(11)].Select(Shard).ToArray()),
            (_r12, onTwo[Node(12)].Select(Shard).ToArray()),
            (_r13, []));
        var joinersBuckets = Enumerable.Range(0, Buckets.Count)
            .Where(b => Node(13).Equals(BucketOwnership.OwnerOf(b, [.. two, Node(13)])))
            .Select(Shard).ToHashSet();
        Assert.NotEmpty(joinersBuckets);

        var moved = await Strategy(true, 11, 12, 13).Rebalance(regions, ImmutableHashSet<string>.Empty);
        Assert.Equal(joinersBuckets.Order(), moved.Order());

        var inProgress = ImmutableHashSet.Create(joinersBuckets.First());
        var rest = await Strategy(true, 11, 12, 13).Rebalance(regions, inProgress);
        Assert.Equal(joinersBuckets.Except(inProgress).Order(), rest.Order());
    }

    [Fact]
    public async Task Nothing_moves_in_the_steady_state_or_while_the_cluster_is_unsettled()
    {
        Address[] three = [Node(11), Node(12), Node(13)];
        var owners = Enumerable.Range(0, Buckets.Count).ToLookup(b => BucketOwnership.OwnerOf(b, three));
        var placed = Regions(
            (_local, [.. owners[Node(11)].Select(Shard), "not-a-bucket"]),
            (_r12, owners[Node(12)].Select(Shard).ToArray()),
            (_r13, owners[Node(13)].Select(Shard).ToArray()));
        Assert.Empty(await Strategy(true, 11, 12, 13).Rebalance(placed, ImmutableHashSet<string>.Empty));

        var allOnLocal = Regions((_local, Enumerable.Range(0, Buckets.Count).Select(Shard).ToArray()), (_r12, []), (_r13, []));
        Assert.NotEmpty(await Strategy(true, 11, 12, 13).Rebalance(allOnLocal, ImmutableHashSet<string>.Empty));
        Assert.Empty(await Strategy(false, 11, 12, 13).Rebalance(allOnLocal, ImmutableHashSet<string>.Empty));
    }

    /// <summary>A leaving region hands off by itself and a removed one's shards are freed by the coordinator: asking a
    /// region that is gone to hand off would hold its shards.</summary>
    [Fact]
    public async Task Shards_on_a_region_that_is_not_serving_are_left_to_sharding()
    {
        Address[] three = [Node(11), Node(12), Node(13)];
        var owners = Enumerable.Range(0, Buckets.Count).ToLookup(b => BucketOwnership.OwnerOf(b, three));
        var placed = Regions(
            (_local, owners[Node(11)].Select(Shard).ToArray()),
            (_r12, owners[Node(12)].Select(Shard).ToArray()),
            (_r13, owners[Node(13)].Select(Shard).ToArray()));
        Assert.Empty(await Strategy(true, 11, 12).Rebalance(placed, ImmutableHashSet<string>.Empty));
    }
}
