using Akka.Actor;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Clustering;

/// <summary>One theory per rule; each holds only rows the rule decides. This node is 10.77.0.11 and owns bucket 3, not 0.</summary>
public class ResponsibilityFilterTests
{
    private static Address Node(int last) => new("akka.tcp", "staticdhcpd", $"10.77.0.{last}", 4053);

    private static readonly BucketTable Table = BucketTable.From([Node(11), Node(12), Node(13)], Node(11));
    private static readonly Ipv4Address Own = Ipv4Address.Parse("10.77.0.11");
    private const int Mine = 3;
    private const int Theirs = 0;

    private static Responsibility Decide(bool broadcast, string? option54, int bucket, BucketTable? table = null) =>
        ResponsibilityFilter.Decide(
            new ResponsibilityQuery(broadcast, option54 is null ? null : Ipv4Address.Parse(option54), Own, bucket), table ?? Table);

    [Fact]
    public void The_fixture_owns_bucket_3_and_not_bucket_0()
    {
        Assert.True(Table.IsMine(Mine));
        Assert.False(Table.IsMine(Theirs));
    }

    /// <summary>(a) A server identifier decides alone: the client selected that server's offer (or holds its lease).</summary>
    [Theory]
    [InlineData(true, "10.77.0.11", Theirs, ResponsibilityVerdict.Answer)]
    [InlineData(false, "10.77.0.11", Theirs, ResponsibilityVerdict.Answer)]
    [InlineData(true, "10.77.0.11", Mine, ResponsibilityVerdict.Answer)]
    [InlineData(true, "10.77.0.12", Mine, ResponsibilityVerdict.LeaveToOther)]
    [InlineData(false, "10.77.0.12", Mine, ResponsibilityVerdict.LeaveToOther)]
    [InlineData(true, "10.77.0.12", Theirs, ResponsibilityVerdict.LeaveToOther)]
    [InlineData(true, "192.0.2.1", Mine, ResponsibilityVerdict.LeaveToOther)]
    public void A_server_identifier_names_the_node_that_answers(bool broadcast, string option54, int bucket, ResponsibilityVerdict expected) =>
        Assert.Equal(expected, Decide(broadcast, option54, bucket).Verdict);

    /// <summary>(b) Sent to this node only, without a server identifier: this node answers, whoever owns the bucket.</summary>
    [Theory]
    [InlineData(Mine)]
    [InlineData(Theirs)]
    public void A_unicast_request_is_answered_by_the_node_it_reached(int bucket)
    {
        Assert.True(Decide(false, null, bucket).Answers);
        Assert.True(Decide(false, null, bucket, BucketTable.Empty).Answers);
    }

    /// <summary>(c) A broadcast without a server identifier: the bucket's owner answers, the others stay silent.</summary>
    [Theory]
    [InlineData(Mine, ResponsibilityVerdict.Answer)]
    [InlineData(Theirs, ResponsibilityVerdict.LeaveToOther)]
    public void A_broadcast_is_answered_by_the_buckets_owner(int bucket, ResponsibilityVerdict expected) =>
        Assert.Equal(expected, Decide(true, null, bucket).Verdict);

    [Fact]
    public void A_broadcast_is_answered_by_a_node_alone_and_not_by_a_node_not_yet_up()
    {
        Assert.All(Enumerable.Range(0, Buckets.Count), b => Assert.True(Decide(true, null, b, BucketTable.Solo).Answers));
        Assert.All(Enumerable.Range(0, Buckets.Count), b => Assert.False(Decide(true, null, b, BucketTable.Empty).Answers));
    }

    [Fact]
    public void The_reason_names_the_owner_a_broadcast_is_left_to()
    {
        var q = new ResponsibilityQuery(true, null, Own, Theirs);
        Assert.Contains(Table.Owner(Theirs)!.ToString(), ResponsibilityFilter.Decide(q, Table).Describe(q, Table));
    }
}
