using Akka.Persistence;
using Akka.Persistence.TestKit;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>A pool's addresses spread over its buckets: each bucket allocates from the blocks it holds, free addresses
/// move to the bucket that needs them, and a move survives a crash on either side.</summary>
public class PoolBlocksTests(ITestOutputHelper output) : LeasePathTestKit(output)
{
    [Fact]
    public void Clients_of_ten_buckets_share_a_ten_address_pool_and_one_more_is_refused_only_while_all_are_bound()
    {
        var clients = ClientsOfDistinctBuckets(11);
        var addresses = clients.Take(10).Select(c => Dora(c)).ToList();
        Assert.Equal(10, addresses.Distinct().Count());

        var refused = Send(Req(clients[10], DhcpMethod.Discover, correlation: 500));
        Assert.Equal((LeaseOutcome.Silent, "pool exhausted"), (refused.Outcome, refused.Reason));

        // One client leaves: its address is free in its own bucket, which gives it up when the pool calls for spares.
        Send(Req(clients[3], DhcpMethod.Release, ciaddr: addresses[3].ToString(), correlation: 501));
        Assert.Equal(addresses[3], Dora(clients[10]));
        Assert.Equal(10, Bound().Count);
    }

    [Fact]
    public void A_client_of_an_empty_bucket_naming_an_address_bound_elsewhere_is_offered_a_free_one_held_by_another_bucket()
    {
        // Every address went to a bucket; nine of them are free again, each in its own bucket. The pool has none.
        var clients = ClientsOfDistinctBuckets(11);
        var addresses = clients.Take(10).Select(c => Dora(c)).ToList();
        for (var i = 1; i < 10; i++)
            Send(Req(clients[i], DhcpMethod.Release, ciaddr: addresses[i].ToString(), correlation: 600 + i));

        // A new client, of a bucket holding nothing, asks for the address still bound in another bucket (as a client
        // returning after a server restart does): that bucket refuses it, and the pool calls for spares instead.
        var offer = Send(Req(clients[10], DhcpMethod.Discover, requested: addresses[0].ToString(), correlation: 700));
        Assert.Equal(LeaseOutcome.Offer, offer.Outcome);
        Assert.Contains(offer.Address, addresses.Skip(1));
    }

    [Fact]
    public void Renewals_and_rebinds_are_answered_by_the_bucket_without_a_message_to_the_pool()
    {
        var a = Dora(1);
        var before = PoolTraffic();
        for (var i = 0; i < 10; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(20));
            var method = i % 2 == 0 ? DhcpMethod.RequestRenew : DhcpMethod.RequestRebind;
            Assert.Equal(LeaseOutcome.Ack, Send(Req(1, method, ciaddr: a.ToString(), correlation: 100 + i)).Outcome);
        }
        Assert.Equal(before, PoolTraffic());
        Assert.Equal(10, Record(1).Renewals);
    }

    [Fact]
    public void A_client_naming_an_address_free_in_the_pool_gets_it_in_its_own_bucket()
    {
        var (c1, c2) = (ClientsOfBucket(2).First(), ClientsOfBucket(9).First());
        Assert.Equal(Ip("10.0.0.17"), Dora(c1, requested: "10.0.0.17"));
        var reboot = Send(Req(c2, DhcpMethod.RequestInitReboot, requested: "10.0.0.18", correlation: 7));
        Assert.Equal((LeaseOutcome.Ack, Ip("10.0.0.18")), (reboot.Outcome, reboot.Address));
        // Bound in another bucket: NAKed, never granted twice.
        Assert.Equal(LeaseOutcome.Nak, Send(Req(c2, DhcpMethod.RequestInitReboot, requested: "10.0.0.17", correlation: 8)).Outcome);
    }

    [Fact]
    public async Task A_grant_the_pool_wrote_reaches_its_bucket_after_the_buckets_write_failed()
    {
        var journal = TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));
        var client = ClientsOfBucket(4).First();
        var bucketId = LeaseEntity.PersistenceIdFor("guests", 4);
        // The pool writes its grant; the bucket's write of it fails, so the bucket stops without it. (Whether the
        // client got an offer from it meanwhile depends on which comes first; an offer binds nothing.)
        await journal.OnWrite.FailIf(p => p.PersistenceId == bucketId);
        Assert.Contains(Send(Req(client, DhcpMethod.Discover, correlation: 1)).Outcome, new[] { LeaseOutcome.Offer, LeaseOutcome.Silent });
        await journal.OnWrite.Pass();

        // Recovered, the bucket synchronises before it answers: the pool sends the grant again, and the client's
        // request for that address is granted from it.
        // (Asked again until answered: a request that reaches the stopped entity before the test's region has seen it
        // stop is lost, as a packet would be; sharding would buffer it.)
        AwaitAssert(() => Assert.Equal(LeaseOutcome.Ack,
            Send(Req(client, DhcpMethod.RequestSelecting, requested: "10.0.0.10", correlation: 2), TimeSpan.FromSeconds(1)).Outcome),
            TimeSpan.FromSeconds(8));
        var status = Status();
        Assert.Equal((10, 9, 1), (status.Total, status.Free, status.Bound));
    }

    [Fact]
    public void A_bucket_gives_back_what_it_holds_beyond_a_few_blocks()
    {
        // 640 addresses: blocks of 10. Forty clients of one bucket come and go; the bucket keeps at most four blocks free.
        StartRegions(Settings(last: "10.0.2.138"), new LeaseEntityOptions { SweepInterval = TimeSpan.FromMilliseconds(50) });
        var clients = ClientsOfBucket(7).Take(45).ToList();
        var held = clients.Select(c => (c, Dora(c))).ToList();
        foreach (var (c, a) in held) Send(Req(c, DhcpMethod.Release, ciaddr: a.ToString(), correlation: 9000 + c));
        AwaitAssert(() =>
        {
            Regions.Tell(new StaticDhcpd.Actors.Pools.Internal.GetBucketView("guests", 7, false), TestActor);
            var view = ExpectMsg<StaticDhcpd.Actors.Pools.Internal.BucketView>();
            Assert.InRange(view.Free, 1, 40);
        }, TimeSpan.FromSeconds(5));
        Assert.Equal(640, Status().Free);
    }
}
