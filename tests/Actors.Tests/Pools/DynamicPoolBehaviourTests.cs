using Akka.Persistence;
using Akka.Persistence.TestKit;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>Issue 3's behaviour list, each item through the lease region as the request handler sends it.</summary>
public class DynamicPoolBehaviourTests(ITestOutputHelper output) : LeasePathTestKit(output)
{
    [Fact]
    public void A_requested_address_is_granted_when_free_in_discover_selecting_and_init_reboot_else_lru()
    {
        Assert.Equal(Ip("10.0.0.15"), Send(Req(1, DhcpMethod.Discover, requested: "10.0.0.15", correlation: 1)).Address);
        var selecting = Send(Req(2, DhcpMethod.RequestSelecting, requested: "10.0.0.16", correlation: 2));
        Assert.Equal((LeaseOutcome.Ack, Ip("10.0.0.16")), (selecting.Outcome, selecting.Address));
        var reboot = Send(Req(3, DhcpMethod.RequestInitReboot, requested: "10.0.0.17", correlation: 3));
        Assert.Equal((LeaseOutcome.Ack, Ip("10.0.0.17")), (reboot.Outcome, reboot.Address));

        // Taken (bound to client 2) or outside the pool: NAK for a REQUEST, the LRU head for a DISCOVER.
        Assert.Equal(LeaseOutcome.Nak, Send(Req(4, DhcpMethod.RequestInitReboot, requested: "10.0.0.16", correlation: 4)).Outcome);
        Assert.Equal(LeaseOutcome.Nak, Send(Req(4, DhcpMethod.RequestInitReboot, requested: "192.168.1.5", correlation: 5)).Outcome);
        Assert.Equal(Ip("10.0.0.10"), Send(Req(4, DhcpMethod.Discover, requested: "10.0.0.16", correlation: 6)).Address);
    }

    [Fact]
    public async Task A_returning_client_gets_its_previous_address_after_expiry_and_a_restart_of_both_entities()
    {
        var a = Dora(1);
        Clock.Advance(TimeSpan.FromSeconds(61));
        AwaitAssert(() => Assert.Equal(0, Status().Bound));
        Assert.NotEqual(a, Dora(2));
        Assert.NotEqual(a, Dora(3));

        StopEntity(Buckets.EntityId("guests", Buckets.Of(Key(1))));
        StopEntity("guests");
        await Task.Yield();
        // What the bucket knows of client 1 (its last address) came back from the bucket's journal.
        Assert.Equal(a, Record(1).LastAddress);
        Assert.Equal(a, Send(Req(1, DhcpMethod.Discover, correlation: 7)).Address);
    }

    [Fact]
    public void An_offer_is_held_for_its_client_and_returned_when_not_taken()
    {
        // Three clients of one bucket: the offers come from the blocks it got from the pool.
        var c = ClientsOfBucket(5).Take(3).ToList();
        Assert.Equal(Ip("10.0.0.10"), Send(Req(c[0], DhcpMethod.Discover, correlation: 1)).Address);
        Assert.Equal(Ip("10.0.0.11"), Send(Req(c[1], DhcpMethod.Discover, correlation: 2)).Address);
        Assert.Equal(2, Status().Offered);
        Clock.Advance(PoolPolicy.DefaultOfferHold + TimeSpan.FromSeconds(1));
        AwaitAssert(() => Assert.Equal(0, Status().Offered));
        // Never used, so back at the head of the bucket's free list, before the pool's 10.0.0.12.
        Assert.Contains(Send(Req(c[2], DhcpMethod.Discover, correlation: 3)).Address, new[] { Ip("10.0.0.10"), Ip("10.0.0.11") });
    }

    [Fact]
    public void Rebind_extends_the_lease_past_its_first_expiry()
    {
        var a = Dora(1);
        Clock.Advance(TimeSpan.FromSeconds(50));
        var rebind = Send(Req(1, DhcpMethod.RequestRebind, ciaddr: a.ToString(), correlation: 2));
        Assert.Equal((LeaseOutcome.Ack, a, TimeSpan.FromMinutes(1)), (rebind.Outcome, rebind.Address, rebind.LeaseTime));
        Assert.Equal((Clock.Now + TimeSpan.FromMinutes(1), 1), (Record(1).ExpiresAt, Record(1).Renewals));
        Clock.Advance(TimeSpan.FromSeconds(30)); // past the first expiry, before the new one
        Thread.Sleep(300);                       // several sweeps
        Assert.Equal(1, Status().Bound);
    }

    [Fact]
    public void Release_frees_the_address_at_once()
    {
        var a = Dora(1);
        Assert.Equal(LeaseOutcome.Silent, Send(Req(1, DhcpMethod.Release, ciaddr: a.ToString(), correlation: 2)).Outcome);
        Assert.Equal((0, 10), (Status().Bound, Status().Free));
        Assert.Equal(a, Send(Req(2, DhcpMethod.RequestInitReboot, requested: a.ToString(), correlation: 3)).Address);
        Assert.Equal("released", Record(1).History[^1].Event);
    }

    [Fact]
    public void After_max_renewals_the_client_is_naked_and_refused_until_the_registration_flow_releases_it()
    {
        StartRegions(Settings(lease: TimeSpan.FromMinutes(1), maxRenewals: 2));
        var a = Dora(1);
        for (var i = 0; i < 2; i++)
            Assert.Equal(LeaseOutcome.Ack, Send(Req(1, DhcpMethod.RequestRenew, ciaddr: a.ToString(), correlation: 2 + i)).Outcome);
        var nak = Send(Req(1, DhcpMethod.RequestRenew, ciaddr: a.ToString(), correlation: 4));
        Assert.Equal((LeaseOutcome.Nak, "max-renewals reached"), (nak.Outcome, nak.Reason));
        Assert.Equal(LeaseOutcome.Silent, Send(Req(1, DhcpMethod.Discover, correlation: 5)).Outcome);
        Assert.Equal(LeaseOutcome.Nak, Send(Req(1, DhcpMethod.RequestInitReboot, requested: a.ToString(), correlation: 6)).Outcome);
        Assert.Equal((null, "blocked"), (Record(1).Address, Record(1).History[^1].Event));
        Assert.Equal((0, 1), (Status().Bound, Status().BlockedClients));

        Regions.Tell(new ReleaseClientLease("guests", Key(1)), TestActor);
        Assert.Null(ExpectMsg<ClientLeaseReleased>().Address); // the block had already ended the binding
        Assert.Equal(0, Status().BlockedClients);
        Assert.Equal(a, Dora(1));
    }

    [Fact]
    public async Task A_failed_journal_write_gives_the_client_no_ack()
    {
        var journal = TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));
        var offer = Send(Req(1, DhcpMethod.Discover, correlation: 1));
        await journal.OnWrite.Fail();
        var reply = Send(Req(1, DhcpMethod.RequestSelecting, requested: offer.Address.ToString(), correlation: 2));
        Assert.Equal((LeaseOutcome.Silent, "journal write failed"), (reply.Outcome, reply.Reason));

        await journal.OnWrite.Pass();
        // The bucket stopped and comes back from the journal, which holds no grant.
        AwaitAssert(() => Assert.Equal((0, 10), (Status().Bound, Status().Free)), TimeSpan.FromSeconds(5));
        Assert.Null(Record(1).Address);
        Assert.Equal(offer.Address, Dora(1));
    }
}
