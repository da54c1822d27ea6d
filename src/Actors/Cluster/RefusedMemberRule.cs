using Akka.Actor;
using Akka.Cluster;

namespace StaticDhcpd.Actors.Clustering;

/// <summary>One member as this node sees it, for <see cref="RefusedMemberRule"/>.</summary>
public sealed record MemberSight(Address Address, MemberStatus Status, bool Reachable);

/// <summary>
/// When may this node down a member whose remoting port refused a TCP connection? A refused connection (RST) from
/// the member's host means no process listens there any more: it crashed or was killed, and the failure detector
/// and the resolver would only confirm it seconds later. The decision must still be the one keep-majority would
/// make, so a partition that happens to answer with refusals (a firewall REJECT rule) cannot split the cluster:
/// this node acts only while it and the members it reaches, without the suspect, are a majority of the voting
/// members. Members that are leaving hand their buckets over themselves and are left alone.
/// </summary>
public static class RefusedMemberRule
{
    public static bool MayDown(Address suspect, Address self, IReadOnlyCollection<MemberSight> members)
    {
        if (suspect.Equals(self)) return false;
        if (members.FirstOrDefault(m => m.Address.Equals(self)) is not { Status: MemberStatus.Up, Reachable: true }) return false;
        if (members.FirstOrDefault(m => m.Address.Equals(suspect)) is not { Status: MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining })
            return false;
        var voting = members.Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining or MemberStatus.Leaving).ToList();
        var withUs = voting.Count(m => m.Reachable && !m.Address.Equals(suspect));
        return 2 * withUs > voting.Count;
    }
}
