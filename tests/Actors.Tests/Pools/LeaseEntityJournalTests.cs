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

/// <summary>A bucket's journal: group commit and its pacing, failed and rejected writes, snapshots and recovery. The
/// clients of each test share one bucket, so one entity's journal is what is observed.</summary>
public class LeaseEntityJournalTests(ITestOutputHelper output) : LeasePathTestKit(output)
{
    private const int Bucket = 3;
    private static readonly string BucketId = LeaseEntity.PersistenceIdFor("guests", Bucket);
    private static readonly IReadOnlyList<int> Clients = ClientsOfBucket(Bucket).Take(120).ToList();

    [Fact]
    public void Many_clients_at_once_get_distinct_durable_addresses()
    {
        // All requests are in the mailbox together: they are decided one by one and written in few batches.
        StartRegions(Settings(last: "10.0.0.209"));
        var clients = Clients.Take(100).ToList();
        foreach (var c in clients) Regions.Tell(Req(c, DhcpMethod.Discover, correlation: c), TestActor);
        var offers = ReceiveN(100, TimeSpan.FromSeconds(10)).Cast<LeaseReply>().ToDictionary(d => d.CorrelationId, d => d.Address);
        Assert.Equal(100, offers.Values.Distinct().Count());
        foreach (var c in clients)
            Regions.Tell(Req(c, DhcpMethod.RequestSelecting, requested: offers[c].ToString(), correlation: c), TestActor);
        var acks = ReceiveN(100, TimeSpan.FromSeconds(10)).Cast<LeaseReply>().ToList();
        Assert.All(acks, a => Assert.Equal(LeaseOutcome.Ack, a.Outcome));
        Assert.Equal(100, acks.Select(a => a.Address).Distinct().Count());
        Assert.Equal(100, Status().Bound);
    }

    [Fact]
    public void Under_load_writes_are_paced_a_lone_grant_is_written_at_once_the_next_one_waits_for_the_interval()
    {
        StartRegions(Settings(), new LeaseEntityOptions { MinWriteInterval = TimeSpan.FromMilliseconds(600) });
        var (c1, c2) = (Clients[0], Clients[1]);
        var offer1 = Send(Req(c1, DhcpMethod.Discover, correlation: 1));
        var offer2 = Send(Req(c2, DhcpMethod.Discover, correlation: 2));
        Thread.Sleep(700); // the blocks behind those offers are written; the next write starts a fresh interval
        // Client 1's grant starts a write; client 2's, right behind it, waits for the next write slot.
        Assert.Equal(LeaseOutcome.Ack, Send(Req(c1, DhcpMethod.RequestSelecting, requested: offer1.Address.ToString(), correlation: 11)).Outcome);
        Regions.Tell(Req(c2, DhcpMethod.RequestSelecting, requested: offer2.Address.ToString(), correlation: 12), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(LeaseOutcome.Ack, ExpectMsg<LeaseReply>(r => r.CorrelationId == 12, TimeSpan.FromSeconds(3)).Outcome);
        Assert.Equal(2, Status().Bound);
    }

    [Fact]
    public async Task A_rejected_journal_write_gives_no_ack_either()
    {
        var journal = TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));
        var c = Clients[0];
        var held = Dora(Clients[1]);
        Send(Req(Clients[1], DhcpMethod.Release, ciaddr: held.ToString(), correlation: 9)); // free in the bucket now
        await journal.OnWrite.Reject();
        var reply = Send(Req(c, DhcpMethod.RequestInitReboot, requested: held.ToString(), correlation: 1));
        Assert.Equal((LeaseOutcome.Silent, "journal write failed"), (reply.Outcome, reply.Reason));
        await journal.OnWrite.Pass();
        AwaitAssert(() => Assert.Equal((0, 10), (Status().Bound, Status().Free)), TimeSpan.FromSeconds(5));
        Assert.Null(Record(c).Address);
    }

    [Fact]
    public void Bindings_survive_a_restart_of_both_entities()
    {
        var (c1, c2, c3, c4) = (Clients[0], Clients[1], Clients[2], Clients[3]);
        var a1 = Dora(c1);
        var a2 = Dora(c2);
        var a3 = Dora(c3);
        Send(Req(c2, DhcpMethod.Release, ciaddr: a2.ToString(), correlation: 99));

        StopEntity(Buckets.EntityId("guests", Bucket));
        StopEntity("guests");
        Assert.Equal([(a1, Key(c1)), (a3, Key(c3))], Bound().Select(l => (l.Address, l.ClientKey!)));
        Assert.Equal(LeaseOutcome.Ack, Send(Req(c1, DhcpMethod.RequestRenew, ciaddr: a1.ToString(), correlation: 100)).Outcome);
        Assert.Equal(LeaseOutcome.Nak, Send(Req(c4, DhcpMethod.RequestSelecting, requested: a3.ToString(), correlation: 101)).Outcome);
        Assert.DoesNotContain(Dora(c4), new[] { a1, a3 });
    }

    [Fact]
    public void Recovery_starts_from_a_snapshot_that_holds_the_bindings_and_the_client_records()
    {
        StartRegions(Settings(), new LeaseEntityOptions { SnapshotEvery = 4, SnapshotPerStateEntry = 0 });
        var addresses = Clients.Take(9).Select(c => Dora(c)).ToList();

        var store = Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        store.Tell(new LoadSnapshot(BucketId, SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
        var loaded = ExpectMsg<LoadSnapshotResult>();
        Assert.NotNull(loaded.Snapshot);
        var snapshot = (BucketSnapshot)loaded.Snapshot.Snapshot;
        Assert.Contains(snapshot.Book.Clients!, c => c.ClientKey == Key(Clients[0]));

        StopEntity(Buckets.EntityId("guests", Bucket));
        Assert.Equal(addresses.Order(), Bound().Select(l => l.Address));
        Assert.Equal(1, Status().Free);
        var record = Record(Clients[0]);
        Assert.Equal((addresses[0], "granted"), (record.Address, record.History.Single().Event));
    }

    [Fact]
    public void The_snapshot_interval_grows_with_the_state()
    {
        // SnapshotEvery 2 plus one event per binding and client record: nine grants never reach it.
        StartRegions(Settings(), new LeaseEntityOptions { SnapshotEvery = 2, SnapshotPerStateEntry = 1 });
        foreach (var c in Clients.Take(9)) Dora(c);
        var store = Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        store.Tell(new LoadSnapshot(BucketId, SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
        Assert.Null(ExpectMsg<LoadSnapshotResult>().Snapshot);
    }

    [Fact]
    public async Task A_clients_record_is_shown_only_once_its_grant_is_durable()
    {
        var journal = TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));
        var c = Clients[0];
        var offer = Send(Req(c, DhcpMethod.Discover, correlation: 1));
        Thread.Sleep(200); // the block behind the offer is written
        await journal.OnWrite.PassWithDelay(TimeSpan.FromMilliseconds(300));
        Regions.Tell(Req(c, DhcpMethod.RequestSelecting, requested: offer.Address.ToString(), correlation: 2), TestActor);
        Regions.Tell(new GetClientLease("guests", Key(c)), TestActor);
        Assert.Equal(LeaseOutcome.Ack, ExpectMsg<LeaseReply>().Outcome); // the record waits for the same write
        var record = ExpectMsg<ClientLeaseRecord>();
        Assert.Equal((offer.Address, "granted"), (record.Address, record.History.Single().Event));
    }

    [Fact]
    public void Exhaustion_is_refused_silently_counted_and_warned_once_a_minute()
    {
        StartRegions(Settings(last: "10.0.0.10"));
        Dora(Clients[0]);
        EventFilter.Warning(contains: "exhausted").Expect(1, () =>
        {
            Assert.Equal("pool exhausted", Send(Req(Clients[1], DhcpMethod.Discover, correlation: 2)).Reason);
            Assert.Equal(LeaseOutcome.Silent, Send(Req(Clients[2], DhcpMethod.Discover, correlation: 3)).Outcome);
        });
        Assert.Equal(2, Status().ExhaustedRequests);
        Clock.Advance(TimeSpan.FromSeconds(61));
        EventFilter.Warning(contains: "exhausted").Expect(1, () => Send(Req(Clients[3], DhcpMethod.Discover, correlation: 4)));
        Assert.Equal(3, Status().ExhaustedRequests);
    }
}
