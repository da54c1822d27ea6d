using Akka.Actor;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>The whole path the request handler uses: LeaseRequest to the client's bucket, which takes addresses from
/// its pool, back as a LeaseReply; both entities created on demand by MiniRegions with the real message extractors.</summary>
public class LeaseEntityTests(ITestOutputHelper output) : LeasePathTestKit(output)
{
    [Fact]
    public void Discover_request_gives_an_offer_then_a_durable_ack_recorded_by_the_lease_entity()
    {
        var offer = Send(Req(1, DhcpMethod.Discover, hostname: "laptop"));
        Assert.Equal((LeaseOutcome.Offer, Ip("10.0.0.10"), "laptop"), (offer.Outcome, offer.Address, offer.Hostname));
        var ack = Send(Req(1, DhcpMethod.RequestSelecting, requested: "10.0.0.10", correlation: 2));
        Assert.Equal(TimeSpan.FromMinutes(1), ack.LeaseTime);
        AwaitAssert(() =>
        {
            var r = Record(1);
            Assert.Equal(Ip("10.0.0.10"), r.Address);
            Assert.Equal(Mac(1), r.Mac);
            Assert.Equal("granted", r.History.Last().Event);
        });
    }

    [Fact]
    public void A_returning_client_gets_its_previous_address_and_a_requested_free_address_is_plucked()
    {
        var a = Dora(1);
        Send(Req(1, DhcpMethod.Release, ciaddr: a.ToString(), correlation: 3));
        AwaitAssert(() => Assert.Null(Record(1).Address));
        Assert.NotEqual(a, Dora(2));               // freed addresses are reused last
        Assert.Equal(a, Dora(1));                  // ...so the client finds its own again
        Assert.Equal(Ip("10.0.0.17"), Dora(3, requested: "10.0.0.17"));
    }

    [Fact]
    public void Renewal_extends_and_a_request_for_an_address_not_held_is_naked()
    {
        var a = Dora(1);
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(LeaseOutcome.Ack, Send(Req(1, DhcpMethod.RequestRenew, ciaddr: a.ToString(), correlation: 5)).Outcome);
        AwaitAssert(() =>
        {
            var r = Record(1);
            Assert.Equal(Clock.Now + TimeSpan.FromMinutes(1), r.ExpiresAt);
            Assert.Equal(1, r.Renewals);
        });
        var nak = Send(Req(2, DhcpMethod.RequestSelecting, requested: a.ToString(), correlation: 6));
        Assert.Equal(LeaseOutcome.Nak, nak.Outcome);
        Assert.Equal(LeaseOutcome.Nak, Send(Req(2, DhcpMethod.RequestRenew, ciaddr: "10.0.0.200", correlation: 7)).Outcome);
    }

    [Fact]
    public void Inform_is_acked_for_the_clients_own_address_without_a_lease()
    {
        var r = Send(Req(1, DhcpMethod.Inform, ciaddr: "10.0.0.99"));
        Assert.Equal((LeaseOutcome.Ack, Ip("10.0.0.99"), TimeSpan.Zero), (r.Outcome, r.Address, r.LeaseTime));
        Assert.Equal(0, Status().Bound);
    }

    [Fact]
    public void Decline_puts_the_address_on_probation_and_the_client_gets_another()
    {
        var a = Dora(1);
        Assert.Equal(LeaseOutcome.Silent, Send(Req(1, DhcpMethod.Decline, requested: a.ToString(), correlation: 4)).Outcome);
        var next = Dora(1, requested: a.ToString());
        Assert.NotEqual(a, next);
        Assert.Equal(1, Status().Declined);
    }

    [Fact]
    public void An_expired_lease_returns_its_address_and_the_client_may_renew_it_while_still_free()
    {
        var a = Dora(1);
        Clock.Advance(TimeSpan.FromSeconds(61));
        AwaitAssert(() => Assert.Equal(0, Status().Bound));
        AwaitAssert(() =>
        {
            var r = Record(1);
            Assert.Null(r.Address);
            Assert.Equal(a, r.LastAddress);
            Assert.Equal("expired", r.History.Last().Event);
        });
        // An expired client renewing an address still free gets it back; another one bound meanwhile is refused.
        Assert.Equal(LeaseOutcome.Ack, Send(Req(1, DhcpMethod.RequestRenew, ciaddr: a.ToString(), correlation: 9)).Outcome);
    }

    [Fact]
    public void Both_entities_recover_their_state_after_being_stopped()
    {
        var a = Dora(1);
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(LeaseOutcome.Ack, Send(Req(1, DhcpMethod.RequestRenew, ciaddr: a.ToString(), correlation: 3)).Outcome);
        AwaitAssert(() => Assert.Equal(1, Record(1).Renewals));
        var before = Record(1);

        StopEntity(Buckets.EntityId("guests", Buckets.Of(Key(1))));
        StopEntity("guests");

        var after = Record(1);
        Assert.Equal((before.Address, before.ExpiresAt, before.Renewals), (after.Address, after.ExpiresAt, after.Renewals));
        Assert.Equal(before.History, after.History);
        Assert.Equal(1, Status().Bound);
        Assert.Equal(LeaseOutcome.Ack, Send(Req(1, DhcpMethod.RequestInitReboot, requested: a.ToString(), correlation: 4)).Outcome);
        Assert.NotEqual(a, Dora(2));
    }

    [Fact]
    public void Releasing_a_clients_lease_frees_it_and_answers_with_the_address()
    {
        var a = Dora(1);
        Regions.Tell(new ReleaseClientLease("guests", Key(1)), TestActor);
        Assert.Equal(a, ExpectMsg<ClientLeaseReleased>().Address);
        Assert.Equal(0, Status().Bound);
        Regions.Tell(new ReleaseClientLease("guests", Key(1)), TestActor);
        Assert.Null(ExpectMsg<ClientLeaseReleased>().Address);
        AwaitAssert(() => Assert.Equal("released-by-operator", Record(1).History.Last().Event));
    }

    [Fact]
    public void No_address_is_ever_acked_to_two_clients()
    {
        // 30 clients, 10 addresses, some asking for the same address: every ACK is collected and checked.
        var owners = new Dictionary<Ipv4Address, string>();
        long corr = 0;
        for (var round = 0; round < 3; round++)
        {
            for (var c = 1; c <= 30; c++)
                Regions.Tell(Req(c, DhcpMethod.RequestInitReboot, requested: $"10.0.0.{10 + c % 5}", correlation: ++corr), TestActor);
            // The first round starts the pool and its buckets: under a full parallel test run that can take seconds.
            foreach (var reply in ReceiveN(30, TimeSpan.FromSeconds(20)).Cast<LeaseReply>().Where(r => r.Outcome == LeaseOutcome.Ack))
            {
                var client = (int)((reply.CorrelationId - 1) % 30) + 1;
                if (owners.TryGetValue(reply.Address, out var owner)) Assert.Equal(Key(client), owner);
                else owners[reply.Address] = Key(client);
            }
        }
        Assert.Equal(5, owners.Count);
    }
}
