using Akka.Actor;
using Akka.Cluster;

namespace StaticDhcpd.Actors.Events;

/// <summary>
/// Which member tells the cluster's event stream that a member joined or left: every node sees every membership change,
/// so without a rule each change would be announced once per node. The oldest Up member announces (after the change:
/// a member that was removed no longer counts, so when the oldest itself goes its successor announces it). Pure: the
/// EventForwarder feeds it the cluster's member events in order.
/// </summary>
public sealed class MemberAnnouncer(Address self)
{
    private readonly Dictionary<UniqueAddress, Member> _up = new();

    /// <summary>True when this node should announce <paramref name="m"/> becoming Up.</summary>
    public bool OnUp(Member m)
    {
        _up[m.UniqueAddress] = m;
        return SelfIsOldest();
    }

    /// <summary>True when this node should announce <paramref name="m"/> leaving the cluster.</summary>
    public bool OnRemoved(Member m)
    {
        var known = _up.Remove(m.UniqueAddress);
        return known && SelfIsOldest();
    }

    /// <summary>The members Up when the forwarder started (no announcement: they joined before).</summary>
    public void Seed(IEnumerable<Member> members)
    {
        foreach (var m in members.Where(m => m.Status == MemberStatus.Up)) _up[m.UniqueAddress] = m;
    }

    private bool SelfIsOldest()
    {
        Member? oldest = null;
        foreach (var m in _up.Values)
            if (oldest is null || m.IsOlderThan(oldest)) oldest = m;
        return oldest is not null && oldest.Address == self;
    }
}
