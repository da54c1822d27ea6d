using Akka.Actor;
using Akka.Cluster;
using static Akka.Cluster.ClusterEvent;

namespace StaticDhcpd.Node.Management;

/// <summary>One cluster member as Akka.Management's HTTP shows it.</summary>
public sealed record MemberJson(string Node, long NodeUid, string Status, IReadOnlyList<string> Roles)
{
    public static MemberJson From(Member m) =>
        new(m.Address.ToString(), m.UniqueAddress.Uid, m.Status.ToString(), m.Roles.OrderBy(r => r, StringComparer.Ordinal).ToList());
}

public sealed record UnreachableJson(string Node, IReadOnlyList<string> ObservedBy);

/// <summary><c>GET /cluster/members</c> and <c>GET /api/v1/cluster</c>.</summary>
public sealed record ClusterMembersJson(string SelfNode, string? Leader, string? Oldest, IReadOnlyList<UnreachableJson> Unreachable,
    IReadOnlyList<MemberJson> Members)
{
    /// <param name="observers">Who sees a member unreachable (the gossip's reachability records).</param>
    public static ClusterMembersJson From(CurrentClusterState state, Address self, Func<Member, IEnumerable<Address>> observers) =>
        new(self.ToString(),
            state.Leader?.ToString(),
            ClusterView.Oldest(state.Members)?.Address.ToString(),
            state.Unreachable.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
                .Select(m => new UnreachableJson(m.Address.ToString(),
                    observers(m).Select(a => a.ToString()).OrderBy(a => a, StringComparer.Ordinal).ToList()))
                .ToList(),
            state.Members.Select(MemberJson.From).ToList());
}

/// <summary><c>GET /bootstrap/seed-nodes</c>: the members a new node may join (Up or WeaklyUp), oldest first.</summary>
public sealed record SeedNodesJson(string SelfNode, IReadOnlyList<MemberJson> SeedNodes)
{
    public static SeedNodesJson From(CurrentClusterState state, Address self) =>
        new(self.ToString(), ClusterView.ByAge(state.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp))
            .Select(MemberJson.From).ToList());
}

public sealed record MessageJson(string Message);

/// <summary>Membership questions answered from a cluster state, without the actor system.</summary>
public static class ClusterView
{
    /// <summary>The oldest member that is Up or on its way out (what Akka calls the oldest for singletons).</summary>
    public static Member? Oldest(IEnumerable<Member> members) =>
        ByAge(members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting)).FirstOrDefault();

    public static IEnumerable<Member> ByAge(IEnumerable<Member> members)
    {
        var list = members.ToList();
        list.Sort((a, b) => a.Equals(b) ? 0 : a.IsOlderThan(b) ? -1 : 1);
        return list;
    }

    /// <summary>
    /// The member a route's <c>{address}</c> names: the full address (<c>akka.tcp://staticdhcpd@10.0.0.1:4053</c>), as
    /// Akka.Management also accepts without the protocol (<c>staticdhcpd@10.0.0.1:4053</c>), or only <c>host:port</c>.
    /// The value may arrive URL-encoded (slashes as %2F). Null when none matches.
    /// </summary>
    public static Member? Find(IEnumerable<Member> members, string address)
    {
        var wanted = Uri.UnescapeDataString(address).Trim().TrimEnd('/');
        return members.FirstOrDefault(m =>
        {
            var a = m.Address;
            return a.ToString() == wanted
                   || $"{a.System}@{a.Host}:{a.Port}" == wanted
                   || $"{a.Host}:{a.Port}" == wanted;
        });
    }
}
