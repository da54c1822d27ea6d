using Akka.Actor;
using Akka.Cluster;
using StaticDhcpd.Actors.Clustering;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Clustering;

public class RefusedMemberRuleTests
{
    private static Address Node(int last) => new("akka.tcp", "staticdhcpd", $"10.77.0.{last}", 4053);

    private static readonly Address Self = Node(11);
    private static readonly Address Suspect = Node(12);

    private static MemberSight Up(int last, bool reachable = true) => new(Node(last), MemberStatus.Up, reachable);

    [Fact]
    public void A_crashed_member_of_three_is_downed_by_a_member_of_the_remaining_majority()
    {
        Assert.True(RefusedMemberRule.MayDown(Suspect, Self, [Up(11), Up(12), Up(13)]));
        // Still when the failure detector has already seen the crash.
        Assert.True(RefusedMemberRule.MayDown(Suspect, Self, [Up(11), Up(12, reachable: false), Up(13)]));
    }

    [Fact]
    public void A_member_cut_off_from_the_others_downs_no_one_even_if_they_all_refuse_it()
    {
        // This node sees both others unreachable: it is the minority side of a partition, not a survivor.
        Assert.False(RefusedMemberRule.MayDown(Suspect, Self, [Up(11), Up(12, reachable: false), Up(13, reachable: false)]));
    }

    [Fact]
    public void Of_two_members_neither_is_a_majority_alone_so_the_resolver_decides()
    {
        Assert.False(RefusedMemberRule.MayDown(Suspect, Self, [Up(11), Up(12)]));
    }

    [Fact]
    public void Five_members_need_three_on_this_side()
    {
        Assert.True(RefusedMemberRule.MayDown(Suspect, Self, [Up(11), Up(12), Up(13), Up(14), Up(15, reachable: false)]));
        Assert.False(RefusedMemberRule.MayDown(Suspect, Self, [Up(11), Up(12), Up(13), Up(14, reachable: false), Up(15, reachable: false)]));
    }

    [Theory]
    [InlineData(MemberStatus.Leaving)]
    [InlineData(MemberStatus.Exiting)]
    [InlineData(MemberStatus.Down)]
    [InlineData(MemberStatus.Removed)]
    public void A_member_that_is_leaving_or_already_down_is_left_alone(MemberStatus status)
    {
        Assert.False(RefusedMemberRule.MayDown(Suspect, Self, [Up(11), new MemberSight(Suspect, status, true), Up(13)]));
    }

    [Fact]
    public void Only_an_Up_member_downs_others_and_never_itself()
    {
        Assert.False(RefusedMemberRule.MayDown(Suspect, Self, [new MemberSight(Self, MemberStatus.Joining, true), Up(12), Up(13)]));
        Assert.False(RefusedMemberRule.MayDown(Self, Self, [Up(11), Up(12), Up(13)]));
        Assert.False(RefusedMemberRule.MayDown(Node(99), Self, [Up(11), Up(12), Up(13)]));
    }
}
