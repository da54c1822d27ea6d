using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Messages.Webhook;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>What the pool tells the webhook: a new binding, a release, an expiry — each once durable; not renewals.</summary>
public class LeaseNoticeTests(ITestOutputHelper output) : LeasePathTestKit(output)
{
    [Fact]
    public void A_grant_is_announced_once_and_a_renewal_is_not()
    {
        var hook = CreateTestProbe();
        Sys.EventStream.Subscribe(hook.Ref, typeof(IWebhookNotice));
        var a = Dora(1);
        var granted = hook.ExpectMsg<LeaseGrantedNotice>();
        Assert.Equal((Mac(1), Key(1), "guests", a, TimeSpan.FromMinutes(1)),
            (granted.Mac, granted.ClientKey, granted.Pool, granted.Address, granted.LeaseTime));

        Assert.Equal(LeaseOutcome.Ack, Send(Req(1, DhcpMethod.RequestRenew, ciaddr: a.ToString(), correlation: 5)).Outcome);
        hook.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_release_and_an_expiry_are_announced_with_the_clients_mac()
    {
        var hook = CreateTestProbe();
        Sys.EventStream.Subscribe(hook.Ref, typeof(IWebhookNotice));
        var a = Dora(1);
        var b = Dora(2);
        hook.ExpectMsg<LeaseGrantedNotice>();
        hook.ExpectMsg<LeaseGrantedNotice>();

        Send(Req(1, DhcpMethod.Release, ciaddr: a.ToString(), correlation: 7));
        Assert.Equal(new LeaseReleasedNotice(Mac(1), Key(1), "guests", a, Clock.Now), hook.ExpectMsg<LeaseReleasedNotice>());

        Clock.Advance(TimeSpan.FromMinutes(2));
        var expired = hook.ExpectMsg<LeaseExpiredNotice>(TimeSpan.FromSeconds(10));
        Assert.Equal((Mac(2), Key(2), b), (expired.Mac, expired.ClientKey, expired.Address));
    }

    [Fact]
    public void An_expiry_counts_as_a_reclaimed_lease_and_a_release_does_not_and_every_write_is_counted()
    {
        var reclaimed = new ReclaimedLeases();
        var journal = new JournalCounters();
        StartRegions(Settings(lease: TimeSpan.FromMinutes(1)), new LeaseEntityOptions { Reclaimed = reclaimed, Journal = journal });
        var hook = CreateTestProbe();
        Sys.EventStream.Subscribe(hook.Ref, typeof(IWebhookNotice));
        var a = Dora(1);
        Dora(2);
        Send(Req(1, DhcpMethod.Release, ciaddr: a.ToString(), correlation: 7));
        Assert.Equal(0, reclaimed.Of("guests"));
        // An offer and a binding per client, and the release: each written before its answer left.
        Assert.InRange(journal.Writes, 1, journal.Events);
        Assert.True(journal.Events >= 5, $"{journal.Events} events written");
        Assert.Equal(0, journal.Failures);

        Clock.Advance(TimeSpan.FromMinutes(2));
        hook.FishForMessage(m => m is LeaseExpiredNotice, TimeSpan.FromSeconds(10));
        Assert.Equal(1, reclaimed.Of("guests"));
        Assert.Equal(0, reclaimed.Of("other"));
    }
}
