using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Pools;

/// <summary>
/// The free addresses of a pool in least-recently-used order: the head is taken next, freed addresses go to the tail
/// (so a departing client's address is reused last), and any address can be plucked out in O(1).
/// staticDHCPd plucked with a linear search of a deque; at 60,000 addresses that is the hot path.
/// </summary>
public sealed class FreeList
{
    private readonly LinkedList<Ipv4Address> _order = new();
    private readonly Dictionary<Ipv4Address, LinkedListNode<Ipv4Address>> _nodes = new();

    public int Count => _nodes.Count;

    public bool Contains(Ipv4Address a) => _nodes.ContainsKey(a);

    /// <summary>Most recently freed: reused last.</summary>
    public void AddNewest(Ipv4Address a)
    {
        if (!_nodes.ContainsKey(a)) _nodes[a] = _order.AddLast(a);
    }

    /// <summary>Never really used (e.g. an offer that was not taken): reused first.</summary>
    public void AddOldest(Ipv4Address a)
    {
        if (!_nodes.ContainsKey(a)) _nodes[a] = _order.AddFirst(a);
    }

    public bool Remove(Ipv4Address a)
    {
        if (!_nodes.Remove(a, out var node)) return false;
        _order.Remove(node);
        return true;
    }

    public Ipv4Address? PeekOldest() => _order.First?.Value;

    public bool TryTakeOldest(out Ipv4Address a)
    {
        a = default;
        if (_order.First is not { } first) return false;
        a = first.Value;
        _order.RemoveFirst();
        _nodes.Remove(a);
        return true;
    }

    /// <summary>Oldest first (for snapshots, so the LRU order survives recovery).</summary>
    public IEnumerable<Ipv4Address> InOrder() => _order;
}
