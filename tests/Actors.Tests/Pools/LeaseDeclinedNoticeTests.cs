using StaticDhcpd.Actors.Webhook;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Messages.Webhook;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>A DECLINE is announced once written, with the probation's end; the webhook, which has no such event,
/// leaves it alone.</summary>
public class LeaseDeclinedNoticeTests(ITestOutputHelper output) : LeasePathTestKit(output)
{
    [Fact]
    public void A_decline_is_announced_with_the_clients_mac_and_the_end_of_probation()
    {
        var hook = CreateTestProbe();
        Sys.EventStream.Subscribe(hook.Ref, typeof(IWebhookNotice));
        var a = Dora(1);
        hook.ExpectMsg<LeaseGrantedNotice>();

        Assert.Equal(LeaseOutcome.Silent, Send(Req(1, DhcpMethod.Decline, requested: a.ToString(), correlation: 9)).Outcome);
        var declined = hook.ExpectMsg<LeaseDeclinedNotice>();
        Assert.Equal(new LeaseDeclinedNotice(Mac(1), Key(1), "guests", a, Clock.Now + TimeSpan.FromHours(1), Clock.Now), declined);
        Assert.Equal(1, Status().Declined);
    }

    [Fact]
    public void The_webhook_has_no_event_for_a_decline_and_skips_it()
    {
        var notice = new LeaseDeclinedNotice(Mac(1), Key(1), "guests", Ip("10.0.0.10"), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        Assert.Null(WebhookJson.KindOf(notice));
    }
}
