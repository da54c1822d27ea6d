using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>The PoolEntity alone, on Akka.Persistence.TestKit's journal, talking PoolCommand/PoolDecision.</summary>
public class PoolEntityTests : TestKit
{
    private readonly ManualClock _clock = new();
    private readonly TestProbe _leases;

    public PoolEntityTests(ITestOutputHelper output) : base(TestPersistence, output: output)
    {
        _leases = CreateTestProbe();
    }

    private PoolEntityOptions Options(int snapshotEvery = 500) => new()
    {
        Clock = _clock.Func,
        SweepInterval = TimeSpan.FromMilliseconds(50),
        SnapshotEvery = snapshotEvery,
        SnapshotPerStateEntry = 0,
        ExpiryConfirmTimeout = TimeSpan.FromSeconds(10),
    };

    private IActorRef StartPool(PoolSettings? settings = null, PoolEntityOptions? options = null)
    {
        var pool = Sys.ActorOf(PoolEntity.Props(PoolPolicy.From(settings ?? Settings()), _leases.Ref, options ?? Options()));
        Watch(pool);
        return pool;
    }

    private async Task<IActorRef> RestartPool(IActorRef pool, PoolSettings? settings = null, PoolEntityOptions? options = null)
    {
        Sys.Stop(pool);
        ExpectTerminated(pool);
        await Task.Yield();
        return StartPool(settings, options);
    }

    private PoolDecision Send(IActorRef pool, PoolCommand c)
    {
        pool.Tell(c, TestActor);
        return ExpectMsg<PoolDecision>(d => d.Token == c.Token);
    }

    private Ipv4Address Bind(IActorRef pool, int client)
    {
        var offer = Send(pool, Cmd(client, DhcpMethod.Discover));
        Assert.Equal(LeaseOutcome.Offer, offer.Outcome);
        var ack = Send(pool, Cmd(client, DhcpMethod.RequestSelecting, requested: offer.Address.ToString()));
        Assert.Equal(LeaseOutcome.Ack, ack.Outcome);
        Assert.Equal(BindingChange.Bound, ack.Change);
        return ack.Address;
    }

    private PoolStatus Status(IActorRef pool)
    {
        pool.Tell(new GetPoolStatus("guests"), TestActor);
        return ExpectMsg<PoolStatus>();
    }

    private List<LeaseInfo> Bound(IActorRef pool)
    {
        pool.Tell(new GetLeases("guests"), TestActor);
        return ExpectMsg<PoolLeases>().Leases.Where(l => l.State == AddressState.Bound).ToList();
    }

    [Fact]
    public void Offer_then_request_is_acked_with_lease_time_and_hostname()
    {
        var pool = StartPool();
        var offer = Send(pool, Cmd(1, DhcpMethod.Discover));
        Assert.Equal(Ip("10.0.0.10"), offer.Address);
        Assert.Equal(TimeSpan.FromMinutes(5), offer.LeaseTime);
        var ack = Send(pool, Cmd(1, DhcpMethod.RequestSelecting, requested: "10.0.0.10"));
        Assert.Equal(LeaseOutcome.Ack, ack.Outcome);
        Assert.Equal("guest-10-0-0-10", ack.Hostname);
        var lease = Assert.Single(Bound(pool));
        Assert.Equal(Key(1), lease.ClientKey);
        Assert.Equal(_clock.Now + TimeSpan.FromMinutes(5), lease.Until);
    }

    [Fact]
    public void Many_clients_at_once_get_distinct_durable_addresses()
    {
        // All requests are in the mailbox together: they are decided one by one and written in few batches.
        var pool = StartPool(Settings(last: "10.0.0.109"));
        for (var c = 1; c <= 100; c++) pool.Tell(Cmd(c, DhcpMethod.Discover, token: c), TestActor);
        var offers = ReceiveN(100).Cast<PoolDecision>().ToDictionary(d => d.Token, d => d.Address);
        Assert.Equal(100, offers.Values.Distinct().Count());
        for (var c = 1; c <= 100; c++) pool.Tell(Cmd(c, DhcpMethod.RequestSelecting, requested: offers[c].ToString(), token: c), TestActor);
        var acks = ReceiveN(100).Cast<PoolDecision>().ToList();
        Assert.All(acks, a => Assert.Equal(LeaseOutcome.Ack, a.Outcome));
        Assert.Equal(100, acks.Select(a => a.Address).Distinct().Count());
        Assert.Equal(100, Status(pool).Bound);
    }

    [Fact]
    public void Under_load_writes_are_paced_a_lone_grant_is_written_at_once_the_next_one_waits_for_the_interval()
    {
        var pool = StartPool(Settings(last: "10.0.0.19"), Options() with { MinWriteInterval = TimeSpan.FromMilliseconds(600) });
        var offer1 = Send(pool, Cmd(1, DhcpMethod.Discover, token: 1));
        var offer2 = Send(pool, Cmd(2, DhcpMethod.Discover, token: 2));
        // Client 1's grant starts a write; client 2's, right behind it, waits for the next write slot.
        pool.Tell(Cmd(1, DhcpMethod.RequestSelecting, requested: offer1.Address.ToString(), token: 11), TestActor);
        var ack1 = ExpectMsg<PoolDecision>(d => d.Token == 11);
        Assert.Equal(LeaseOutcome.Ack, ack1.Outcome);
        pool.Tell(Cmd(2, DhcpMethod.RequestSelecting, requested: offer2.Address.ToString(), token: 12), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        var ack2 = ExpectMsg<PoolDecision>(d => d.Token == 12, TimeSpan.FromSeconds(3));
        Assert.Equal(LeaseOutcome.Ack, ack2.Outcome);
        Assert.Equal(2, Status(pool).Bound);
    }

    [Fact]
    public async Task A_failed_journal_write_gives_no_ack_and_leaves_the_state_unchanged()
    {
        var journal = TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));
        var pool = StartPool();
        var offer = Send(pool, Cmd(1, DhcpMethod.Discover));
        await journal.OnWrite.Fail();

        var reply = Send(pool, Cmd(1, DhcpMethod.RequestSelecting, requested: offer.Address.ToString()));
        Assert.Equal(LeaseOutcome.Silent, reply.Outcome);
        Assert.Equal("journal write failed", reply.Reason);
        ExpectTerminated(pool); // recovers from the journal on its next start

        await journal.OnWrite.Pass();
        var again = StartPool();
        Assert.Empty(Bound(again));
        Assert.Equal(10, Status(again).Free);
        Assert.Equal(LeaseOutcome.Ack, Send(again, Cmd(1, DhcpMethod.RequestSelecting, requested: offer.Address.ToString())).Outcome);
    }

    [Fact]
    public async Task A_rejected_journal_write_gives_no_ack_either()
    {
        var journal = TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));
        var pool = StartPool();
        await journal.OnWrite.Reject();
        var reply = Send(pool, Cmd(1, DhcpMethod.RequestInitReboot, requested: "10.0.0.12"));
        Assert.Equal(LeaseOutcome.Silent, reply.Outcome);
        ExpectTerminated(pool);
        await journal.OnWrite.Pass();
        Assert.Empty(Bound(StartPool()));
    }

    [Fact]
    public async Task Bindings_survive_a_restart_from_the_journal()
    {
        var pool = StartPool();
        var a1 = Bind(pool, 1);
        var a2 = Bind(pool, 2);
        var a3 = Bind(pool, 3);
        Send(pool, Cmd(2, DhcpMethod.Release, ciaddr: a2.ToString()));

        var again = await RestartPool(pool);
        var bound = Bound(again);
        Assert.Equal([(a1, Key(1)), (a3, Key(3))], bound.Select(l => (l.Address, l.ClientKey!)));
        Assert.Equal(LeaseOutcome.Ack, Send(again, Cmd(1, DhcpMethod.RequestRenew, ciaddr: a1.ToString())).Outcome);
        Assert.Equal(LeaseOutcome.Nak, Send(again, Cmd(4, DhcpMethod.RequestSelecting, requested: a3.ToString())).Outcome);
        var fourth = Bind(again, 4);
        Assert.DoesNotContain(fourth, new[] { a1, a3 });
    }

    [Fact]
    public async Task Recovery_starts_from_a_snapshot()
    {
        var pool = StartPool(options: Options(snapshotEvery: 4));
        var addresses = Enumerable.Range(1, 9).Select(c => Bind(pool, c)).ToList();

        var store = Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        store.Tell(new LoadSnapshot(PoolEntity.PersistenceIdFor("guests"), SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
        var loaded = ExpectMsg<LoadSnapshotResult>();
        Assert.NotNull(loaded.Snapshot);
        Assert.True(loaded.Snapshot.Metadata.SequenceNr >= 4);

        var again = await RestartPool(pool, options: Options(snapshotEvery: 4));
        Assert.Equal(addresses, Bound(again).Select(l => l.Address));
        Assert.Equal(1, Status(again).Free);
        // The clients' records are in the snapshot too.
        Assert.Contains(((PoolSnapshot)loaded.Snapshot.Snapshot).Clients!, c => c.ClientKey == Key(1));
        again.Tell(new PoolGetClient("guests", Key(1)), TestActor);
        var record = ExpectMsg<ClientLeaseRecord>();
        Assert.Equal((addresses[0], "granted"), (record.Address, record.History.Single().Event));
    }

    [Fact]
    public void The_snapshot_interval_grows_with_the_state()
    {
        // SnapshotEvery 2 plus one event per binding and client record: nine grants never reach it.
        var pool = StartPool(options: Options(snapshotEvery: 2) with { SnapshotPerStateEntry = 1 });
        for (var c = 1; c <= 9; c++) Bind(pool, c);
        var store = Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        store.Tell(new LoadSnapshot(PoolEntity.PersistenceIdFor("guests"), SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
        Assert.Null(ExpectMsg<LoadSnapshotResult>().Snapshot);
    }

    [Fact]
    public async Task A_clients_record_is_shown_only_once_its_grant_is_durable()
    {
        var journal = TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));
        var pool = StartPool();
        var offer = Send(pool, Cmd(1, DhcpMethod.Discover));
        await journal.OnWrite.PassWithDelay(TimeSpan.FromMilliseconds(300));
        pool.Tell(Cmd(1, DhcpMethod.RequestSelecting, requested: offer.Address.ToString(), token: 2), TestActor);
        pool.Tell(new PoolGetClient("guests", Key(1)), TestActor);
        Assert.Equal(LeaseOutcome.Ack, ExpectMsg<PoolDecision>().Outcome); // the record waits for the same write
        var record = ExpectMsg<ClientLeaseRecord>();
        Assert.Equal((offer.Address, "granted"), (record.Address, record.History.Single().Event));
    }

    [Fact]
    public void An_expired_lease_is_reclaimed_after_the_lease_entity_confirms()
    {
        var pool = StartPool(Settings(lease: TimeSpan.FromMinutes(1)));
        var a = Bind(pool, 1);
        _clock.Advance(TimeSpan.FromSeconds(61));
        var ask = _leases.ExpectMsg<ConfirmExpiry>();
        Assert.Equal((Key(1), a), (ask.ClientKey, ask.Address));
        _leases.Reply(new ExpiryConfirmation("guests", ask.ClientKey, ask.Address, true));
        AwaitAssert(() => Assert.Equal(0, Status(pool).Bound));
        Assert.Equal(10, Status(pool).Free);
    }

    [Fact]
    public void A_deferred_expiry_is_asked_again_and_a_renewal_in_between_keeps_the_lease()
    {
        var pool = StartPool(Settings(lease: TimeSpan.FromMinutes(1)));
        var a = Bind(pool, 1);
        _clock.Advance(TimeSpan.FromSeconds(61));
        var ask = _leases.ExpectMsg<ConfirmExpiry>();
        _leases.Reply(new ExpiryConfirmation("guests", ask.ClientKey, a, false));
        var second = _leases.ExpectMsg<ConfirmExpiry>();
        // The renewal that was in flight arrives, then the (stale) confirmation: the lease stays.
        Assert.Equal(LeaseOutcome.Ack, Send(pool, Cmd(1, DhcpMethod.RequestRenew, ciaddr: a.ToString())).Outcome);
        _leases.Reply(new ExpiryConfirmation("guests", second.ClientKey, a, true));
        _leases.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, Status(pool).Bound);
    }

    [Fact]
    public void Without_an_answer_from_the_lease_entity_the_pool_reclaims_after_the_timeout()
    {
        var pool = StartPool(Settings(lease: TimeSpan.FromMinutes(1)));
        Bind(pool, 1);
        _clock.Advance(TimeSpan.FromSeconds(61));
        _leases.ExpectMsg<ConfirmExpiry>();
        Assert.Equal(1, Status(pool).Bound);
        _clock.Advance(TimeSpan.FromSeconds(11));
        AwaitAssert(() => Assert.Equal(0, Status(pool).Bound));
    }

    [Fact]
    public void An_unaccepted_offer_returns_to_the_pool_after_its_hold()
    {
        var pool = StartPool(Settings(last: "10.0.0.10"));
        Assert.Equal(LeaseOutcome.Offer, Send(pool, Cmd(1, DhcpMethod.Discover)).Outcome);
        Assert.Equal(LeaseOutcome.Silent, Send(pool, Cmd(2, DhcpMethod.Discover)).Outcome);
        _clock.Advance(TimeSpan.FromSeconds(31));
        AwaitAssert(() => Assert.Equal(1, Status(pool).Free));
        Assert.Equal(Ip("10.0.0.10"), Send(pool, Cmd(2, DhcpMethod.Discover)).Address);
    }

    [Fact]
    public void A_declined_address_comes_back_after_probation()
    {
        var pool = StartPool(Settings(last: "10.0.0.11"));
        var a = Bind(pool, 1);
        Assert.Equal(LeaseOutcome.Silent, Send(pool, Cmd(1, DhcpMethod.Decline, requested: a.ToString())).Outcome);
        Assert.Equal(1, Status(pool).Declined);
        Assert.NotEqual(a, Send(pool, Cmd(1, DhcpMethod.Discover, requested: a.ToString(), preferred: a.ToString())).Address);
        _clock.Advance(TimeSpan.FromHours(1));
        AwaitAssert(() => Assert.Equal(0, Status(pool).Declined));
    }

    [Fact]
    public void Exhaustion_is_refused_silently_counted_and_warned_once_a_minute()
    {
        var pool = StartPool(Settings(last: "10.0.0.10"));
        Bind(pool, 1);
        EventFilter.Warning(contains: "exhausted").Expect(1, () =>
        {
            Assert.Equal("pool exhausted", Send(pool, Cmd(2, DhcpMethod.Discover)).Reason);
            Assert.Equal(LeaseOutcome.Silent, Send(pool, Cmd(3, DhcpMethod.Discover)).Outcome);
        });
        Assert.Equal(2, Status(pool).ExhaustedRequests);
        _clock.Advance(TimeSpan.FromSeconds(61));
        EventFilter.Warning(contains: "exhausted").Expect(1, () => Send(pool, Cmd(4, DhcpMethod.Discover)));
        Assert.Equal(3, Status(pool).ExhaustedRequests);
    }

    [Fact]
    public void An_address_marked_in_use_is_not_offered_and_a_bound_one_is_not_taken_away()
    {
        var pool = StartPool();
        pool.Tell(new MarkInUse("guests", Ip("10.0.0.10"), Mac(50)), TestActor);
        Assert.True(ExpectMsg<MarkedInUse>().Accepted);
        var a = Bind(pool, 1);
        Assert.Equal(Ip("10.0.0.11"), a);
        pool.Tell(new MarkInUse("guests", a, Mac(50)), TestActor);
        Assert.False(ExpectMsg<MarkedInUse>().Accepted);
        Assert.Equal(1, Status(pool).InUse);
    }

    [Fact]
    public void Max_renewals_blocks_the_client_until_it_is_released()
    {
        var pool = StartPool(Settings(maxRenewals: 1));
        var a = Bind(pool, 1);
        Assert.Equal(LeaseOutcome.Ack, Send(pool, Cmd(1, DhcpMethod.RequestRenew, ciaddr: a.ToString())).Outcome);
        var nak = Send(pool, Cmd(1, DhcpMethod.RequestRenew, ciaddr: a.ToString()));
        Assert.Equal((LeaseOutcome.Nak, BindingChange.Blocked), (nak.Outcome, nak.Change));
        Assert.Equal(LeaseOutcome.Silent, Send(pool, Cmd(1, DhcpMethod.Discover)).Outcome);
        Assert.Equal(1, Status(pool).BlockedClients);
        pool.Tell(new PoolReleaseClient("guests", Key(1), 7), TestActor);
        ExpectMsg<PoolDecision>(d => d.Token == 7);
        Assert.Equal(LeaseOutcome.Offer, Send(pool, Cmd(1, DhcpMethod.Discover)).Outcome);
    }
}
