using Akka.Actor;
using StaticDhcpd.Actors.Clustering;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Clustering;

public class BucketOwnershipTests
{
    private static Address Node(int last, int port = 4053) => new("akka.tcp", "staticdhcpd", $"10.77.0.{last}", port);

    private static readonly Address[] Three = [Node(11), Node(12), Node(13)];

    private static Address?[] Owners(IReadOnlyCollection<Address> members) =>
        Enumerable.Range(0, Buckets.Count).Select(b => BucketOwnership.OwnerOf(b, members)).ToArray();

    /// <summary>Fixed vectors (computed by an independent implementation of the same definition): every node and every
    /// release must put a bucket on the same member, and the coordinator must agree with the nodes.</summary>
    [Fact]
    public void Weights_and_owners_are_fixed()
    {
        Assert.Equal(0xb456bcfc34c2cb2cul, StableHash.Mix64(1));
        Assert.Equal(0x8ad4ce11da6aeea3ul, BucketOwnership.Weight("akka.tcp://staticdhcpd@10.77.0.11:4053", 5));
        int[] expected = [1, 1, 1, 0, 2, 1, 2, 2, 2, 1, 0, 1, 2, 0, 0, 0];
        Assert.Equal(expected.Select(i => Three[i]), Owners(Three));
    }

    [Fact]
    public void No_members_no_owner() => Assert.All(Owners([]), Assert.Null);

    [Fact]
    public void A_single_member_owns_every_bucket() => Assert.All(Owners([Node(11)]), o => Assert.Equal(Node(11), o));

    [Fact]
    public void Owner_does_not_depend_on_member_order()
    {
        Address[] four = [.. Three, Node(14)];
        var reference = Owners(four);
        foreach (var order in Permutations(four))
            Assert.Equal(reference, Owners(order));
    }

    /// <summary>Members that differ only by port (nodes on one host) are distinct owners.</summary>
    [Fact]
    public void Members_on_one_host_share_the_buckets()
    {
        Address[] local = [Node(1, 40001), Node(1, 40002), Node(1, 40003)];
        Assert.Equal(3, Owners(local).Distinct().Count());
    }

    /// <summary>The joiner takes its share; of the others' buckets only a few change hands between them (the bound
    /// is the bounded-load rule's price for an even split; BucketOwnership's summary gives the simulated figures).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    public void A_join_gives_the_joiner_its_share_and_moves_few_other_buckets(int before)
    {
        var members = Enumerable.Range(11, before).Select(i => Node(i)).ToList();
        var joiner = Node(11 + before);
        var old = Owners(members);
        var now = Owners([.. members, joiner]);
        Assert.InRange(now.Count(o => joiner.Equals(o)), Buckets.Count / (before + 1), (Buckets.Count + before) / (before + 1));
        var between = Enumerable.Range(0, Buckets.Count).Count(b => !now[b]!.Equals(old[b]) && !now[b]!.Equals(joiner));
        Assert.InRange(between, 0, 4);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(3, 2)]
    [InlineData(7, 3)]
    public void A_removal_moves_the_removed_members_buckets_and_few_others(int count, int removed)
    {
        var members = Enumerable.Range(11, count).Select(i => Node(i)).ToList();
        var gone = members[removed];
        var old = Owners(members);
        var now = Owners(members.Where(m => !m.Equals(gone)).ToList());
        Assert.DoesNotContain(gone, now);
        var others = Enumerable.Range(0, Buckets.Count).Count(b => !gone.Equals(old[b]) && !old[b]!.Equals(now[b]));
        Assert.InRange(others, 0, 4);
    }

    /// <summary>Every member owns ⌊16/n⌋ or ⌈16/n⌉ buckets, whatever the addresses (plain rendezvous hashing gave the
    /// three lab nodes 7, 7 and 2).</summary>
    [Fact]
    public void Every_member_owns_an_even_share()
    {
        for (var n = 1; n <= 8; n++)
            for (var c = 0; c < 50; c++)
            {
                var members = Enumerable.Range(0, n).Select(i => new Address("akka.tcp", "staticdhcpd", $"10.{c}.{n}.{i}", 4053)).ToList();
                var owners = Owners(members);
                Assert.All(owners, Assert.NotNull);
                Assert.All(members, m => Assert.InRange(owners.Count(o => m.Equals(o)), Buckets.Count / n, (Buckets.Count + n - 1) / n));
            }
    }

    private static IEnumerable<Address[]> Permutations(Address[] items) =>
        items.Length <= 1
            ? [items]
            : items.SelectMany((first, i) => Permutations([.. items[..i], .. items[(i + 1)..]]).Select(rest => (Address[])[first, .. rest]));
}
