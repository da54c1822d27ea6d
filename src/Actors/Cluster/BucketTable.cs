using Akka.Actor;

namespace StaticDhcpd.Actors.Clustering;

/// <summary>One node's view of bucket ownership, computed once per membership change and read on every request.</summary>
public sealed class BucketTable
{
    private readonly Address?[] _owners;
    private readonly bool[] _mine;

    private BucketTable(Address?[] owners, bool[] mine)
    {
        _owners = owners;
        _mine = mine;
        MyBuckets = Enumerable.Range(0, Buckets.Count).Where(b => mine[b]).ToArray();
    }

    /// <summary>A node alone, outside any cluster: it answers for every bucket.</summary>
    public static BucketTable Solo { get; } = new(new Address?[Buckets.Count], Enumerable.Repeat(true, Buckets.Count).ToArray());

    /// <summary>A cluster node that is not Up yet: it answers for no bucket.</summary>
    public static BucketTable Empty { get; } = new(new Address?[Buckets.Count], new bool[Buckets.Count]);

    /// <summary>Ownership over <paramref name="members"/> (the Up, reachable ones); nothing is mine when
    /// <paramref name="self"/> is not among them.</summary>
    public static BucketTable From(IReadOnlyCollection<Address> members, Address self)
    {
        var owners = BucketOwnership.Owners(members);
        return new BucketTable(owners, owners.Select(o => self.Equals(o)).ToArray());
    }

    public bool IsMine(int bucket) => _mine[bucket];

    /// <summary>The owning member; null for <see cref="Solo"/>, <see cref="Empty"/> and a table over no members.</summary>
    public Address? Owner(int bucket) => _owners[bucket];

    /// <summary>The buckets this node owns, ascending.</summary>
    public IReadOnlyList<int> MyBuckets { get; }

    public int MineCount => MyBuckets.Count;
}
