using Akka.Actor;
using StaticDhcpd.Actors.Clustering;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Clustering;

public class BucketTableTests
{
    private static Address Node(int last) => new("akka.tcp", "staticdhcpd", $"10.77.0.{last}", 4053);

    private static readonly Address[] Three = [Node(11), Node(12), Node(13)];

    [Fact]
    public void Each_member_owns_what_the_ownership_function_says_and_the_tables_partition_the_buckets()
    {
        var tables = Three.Select(self => BucketTable.From(Three, self)).ToList();
        for (var b = 0; b < Buckets.Count; b++)
        {
            var owner = BucketOwnership.OwnerOf(b, Three);
            Assert.All(tables, t => Assert.Equal(owner, t.Owner(b)));
            Assert.Single(tables, t => t.IsMine(b));
            Assert.True(tables[Array.IndexOf(Three, owner)].IsMine(b));
        }
        Assert.Equal(Buckets.Count, tables.Sum(t => t.MineCount));
        Assert.Equal([3, 10, 13, 14, 15], tables[0].MyBuckets);
    }

    [Fact]
    public void A_node_outside_the_member_set_owns_nothing()
    {
        var table = BucketTable.From(Three, Node(99));
        Assert.Equal(0, table.MineCount);
        Assert.Equal(BucketOwnership.OwnerOf(4, Three), table.Owner(4));
    }

    [Fact]
    public void Solo_owns_everything_and_empty_nothing()
    {
        Assert.Equal(Buckets.Count, BucketTable.Solo.MineCount);
        Assert.All(Enumerable.Range(0, Buckets.Count), b => Assert.True(BucketTable.Solo.IsMine(b)));
        Assert.Equal(0, BucketTable.Empty.MineCount);
        Assert.All(Enumerable.Range(0, Buckets.Count), b => Assert.False(BucketTable.Empty.IsMine(b)));
        Assert.Null(BucketTable.Empty.Owner(0));
    }

    [Fact]
    public void Holder_starts_empty_and_serves_what_was_set()
    {
        var holder = new BucketTableHolder();
        Assert.Same(BucketTable.Empty, holder.Current);
        holder.Current = BucketTable.Solo;
        Assert.Same(BucketTable.Solo, holder.Current);
    }
}
