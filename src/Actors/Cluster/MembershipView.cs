using Akka.Cluster;

namespace StaticDhcpd.Actors.Clustering;

/// <summary>The members that own buckets, from one node's view of the cluster: Up or WeaklyUp and reachable. The
/// node-side <see cref="BucketTable"/> and the shard allocation both use this rule, so they agree once views converge.</summary>
/// <param name="Serving">Addresses of the members that own buckets.</param>
/// <param name="Settled">No member unreachable or still joining: moving shards now can complete (a hand-off waits for
/// every region's acknowledgement, and an unreachable one holds it until the hand-off timeout).</param>
public sealed record MembershipView(IReadOnlySet<Akka.Actor.Address> Serving, bool Settled)
{
    public static MembershipView Of(IEnumerable<Member> members, IReadOnlySet<Member> unreachable)
    {
        var all = members.ToList();
        var serving = all
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp && !unreachable.Contains(m))
            .Select(m => m.Address)
            .ToHashSet();
        var settled = unreachable.Count == 0 && !all.Any(m => m.Status is MemberStatus.Joining or MemberStatus.WeaklyUp);
        return new MembershipView(serving, settled);
    }

    public static MembershipView Of(ClusterEvent.CurrentClusterState state) =>
        Of(state.Members, state.Unreachable.ToHashSet());
}
