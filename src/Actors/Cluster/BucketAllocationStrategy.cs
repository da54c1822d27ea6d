using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace StaticDhcpd.Actors.Clustering;

/// <summary>Puts each bucket's shard (id <c>pool|n</c>) on the member <see cref="BucketOwnership"/> names, so the node
/// that answers a bucket's broadcasts hosts its entity. Candidates are the registered regions whose member is serving
/// (<see cref="MembershipView"/>, the same rule as the node-side table); rebalancing moves shards that sit on another serving region (after a join).</summary>
public sealed class BucketAllocationStrategy : IShardAllocationStrategy
{
    private readonly Address _self;
    private readonly Func<MembershipView> _view;

    /// <param name="selfAddress">This node's address: the coordinator's local region ref has no host in its path.</param>
    /// <param name="view">The current membership, read at each decision.</param>
    public BucketAllocationStrategy(Address selfAddress, Func<MembershipView> view)
    {
        _self = selfAddress;
        _view = view;
    }

    /// <summary>The strategy over this node's cluster state (the coordinator runs on the node that made it).</summary>
    public static BucketAllocationStrategy For(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        return new BucketAllocationStrategy(cluster.SelfAddress, () => MembershipView.Of(cluster.State));
    }

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId,
        IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var view = _view();
        var serving = Serving(currentShardAllocations, view);
        // No serving region (all leaving, or the view lags a registration): any registered one rather than none.
        var candidates = serving.Count > 0 ? serving : currentShardAllocations.ToList();
        if (candidates.Count == 0)
            return Task.FromResult<IActorRef>(null!); // the coordinator logs it and the region asks again

        if (Buckets.TryParseEntityId(shardId, out _, out var bucket)
            && BucketOwnership.OwnerOf(bucket, candidates.Select(c => AddressOf(c.Key)).ToList()) is { } owner)
            return Task.FromResult(candidates.First(c => AddressOf(c.Key).Equals(owner)).Key);

        return Task.FromResult(candidates.OrderBy(c => c.Value.Count).ThenBy(c => AddressOf(c.Key).ToString(), StringComparer.Ordinal).First().Key);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations,
        IImmutableSet<string> rebalanceInProgress)
    {
        var view = _view();
        IImmutableSet<string> none = ImmutableHashSet<string>.Empty;
        if (!view.Settled) return Task.FromResult(none);

        var serving = Serving(currentShardAllocations, view);
        var owners = BucketOwnership.Owners(serving.Select(c => AddressOf(c.Key)).ToList());

        // Only from serving regions: a leaving region hands its shards off itself, and a removed one's are freed when
        // the coordinator sees it terminate — asking a dead region to hand off stalls those shards (seen in the crash spec).
        var misplaced = ImmutableHashSet.CreateBuilder<string>();
        foreach (var (region, shards) in serving)
        {
            var at = AddressOf(region);
            foreach (var shard in shards)
                if (!rebalanceInProgress.Contains(shard)
                    && Buckets.TryParseEntityId(shard, out _, out var bucket)
                    && !at.Equals(owners[bucket]))
                    misplaced.Add(shard);
        }
        return Task.FromResult<IImmutableSet<string>>(misplaced.ToImmutable());
    }

    private List<KeyValuePair<IActorRef, IImmutableList<string>>> Serving(
        IImmutableDictionary<IActorRef, IImmutableList<string>> regions, MembershipView view) =>
        regions.Where(r => view.Serving.Contains(AddressOf(r.Key))).ToList();

    private Address AddressOf(IActorRef region) => region.Path.Address.HasLocalScope ? _self : region.Path.Address;
}
