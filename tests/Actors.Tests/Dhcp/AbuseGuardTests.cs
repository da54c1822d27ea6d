using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Dhcp;

public class AbuseGuardTests
{
    private DateTime _now = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:0a");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:0b");

    private AbuseGuard Guard(DhcpSettings? s = null) => new(s ?? new DhcpSettings(), () => _now);

    [Fact]
    public void Flooding_mac_is_suspended_for_the_misbehaving_timeout_while_others_are_served()
    {
        var g = Guard();
        for (var i = 0; i < 10; i++) Assert.Equal(AbuseGuard.Verdict.Allowed, g.Admit(A));
        Assert.Equal(AbuseGuard.Verdict.Suspended, g.Admit(A));
        Assert.Equal(AbuseGuard.Verdict.Allowed, g.Admit(B));
        _now += TimeSpan.FromSeconds(149);
        Assert.Equal(AbuseGuard.Verdict.Ignored, g.Admit(A));
        _now += TimeSpan.FromSeconds(2);
        Assert.Equal(AbuseGuard.Verdict.Allowed, g.Admit(A));
    }

    [Fact]
    public void Counter_drains_one_per_second()
    {
        var g = Guard();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(AbuseGuard.Verdict.Allowed, g.Admit(A));
            _now += TimeSpan.FromSeconds(1);
        }
    }

    [Fact]
    public void Blocklist_lasts_the_unauthorized_timeout_and_is_cleared_by_a_flush()
    {
        var g = Guard();
        g.Blocklist(A);
        _now += TimeSpan.FromSeconds(59);
        Assert.Equal(AbuseGuard.Verdict.Ignored, g.Admit(A));
        g.ClearBlocklist();
        Assert.Equal(AbuseGuard.Verdict.Allowed, g.Admit(A));
    }

    [Fact]
    public void Prune_forgets_quiet_clients()
    {
        var g = Guard();
        g.Admit(A);
        _now += TimeSpan.FromSeconds(5);
        g.Prune();
        Assert.Equal(0, g.TrackedClients);
    }
}
