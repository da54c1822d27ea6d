using StaticDhcpd.Actors.Pools;
using Xunit;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>The clients' records, derived from the pool's events alone (no journal of their own).</summary>
public class ClientBookTests
{
    private static readonly DateTimeOffset T = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static AddressBound Bound(int client, string address, DateTimeOffset at, int renewals = 0) =>
        new(Ip(address), Key(client), Mac(client), at, at.AddMinutes(5), null, renewals);

    [Fact]
    public void A_grant_and_its_renewals_make_two_history_entries_the_renewal_keeping_the_latest_time()
    {
        var book = new ClientBook();
        book.Apply(Bound(1, "10.0.0.10", T));
        book.Apply(Bound(1, "10.0.0.10", T.AddMinutes(2), 1));
        book.Apply(Bound(1, "10.0.0.10", T.AddMinutes(4), 2));
        var r = book.Get(Key(1))!;
        Assert.Equal([("granted", T), ("renewed", T.AddMinutes(4))], r.History.Select(h => (h.Event, h.At)));
        Assert.Equal((Ip("10.0.0.10"), T.AddMinutes(9), 2, Mac(1)), (r.Address!.Value, r.ExpiresAt!.Value, r.Renewals, r.Mac!.Value));
    }

    [Fact]
    public void Endings_are_recorded_with_their_reason_and_a_declined_address_is_not_preferred_again()
    {
        var book = new ClientBook();
        book.Apply(Bound(1, "10.0.0.10", T));
        book.Apply(new AddressReleased(Ip("10.0.0.10"), Key(1), T.AddMinutes(1)));
        Assert.Null(book.Get(Key(1))!.Address);
        Assert.Equal(Ip("10.0.0.10"), book.PreferredAddress(Key(1)));

        book.Apply(Bound(1, "10.0.0.10", T.AddMinutes(2)));
        book.Apply(new AddressExpired(Ip("10.0.0.10"), Key(1), T.AddMinutes(8)));
        book.Apply(Bound(1, "10.0.0.10", T.AddMinutes(9)));
        book.Apply(new ClientBlocked(Key(1), Ip("10.0.0.10"), T.AddMinutes(10)));
        book.Apply(new ClientReleased(Key(1), null, T.AddMinutes(11))); // only unblocks: nothing to record
        book.Apply(Bound(1, "10.0.0.10", T.AddMinutes(12)));
        book.Apply(new ClientReleased(Key(1), Ip("10.0.0.10"), T.AddMinutes(13)));
        book.Apply(Bound(1, "10.0.0.10", T.AddMinutes(14)));
        book.Apply(new AddressDeclined(Ip("10.0.0.10"), Key(1), T.AddMinutes(15), T.AddHours(1)));

        var r = book.Get(Key(1))!;
        // Ten events, the newest eight kept.
        Assert.Equal(["granted", "expired", "granted", "blocked", "granted", "released-by-operator", "granted", "declined"],
            r.History.Select(h => h.Event));
        Assert.Null(book.PreferredAddress(Key(1)));
    }

    [Fact]
    public void History_is_bounded_and_keeps_the_newest()
    {
        var book = new ClientBook();
        for (var i = 0; i < 20; i++)
        {
            book.Apply(Bound(1, $"10.0.0.{10 + i}", T.AddMinutes(2 * i)));
            book.Apply(new AddressReleased(Ip($"10.0.0.{10 + i}"), Key(1), T.AddMinutes(2 * i + 1)));
        }
        var h = book.Get(Key(1))!.History;
        Assert.Equal(LeaseRecord.HistoryLimit, h.Count);
        Assert.Equal((T.AddMinutes(39), "released", Ip("10.0.0.29")), (h[^1].At, h[^1].Event, h[^1].Address));
    }

    [Fact]
    public void Idle_unbound_clients_are_forgotten_bound_and_recent_ones_kept()
    {
        var book = new ClientBook();
        book.Apply(Bound(1, "10.0.0.10", T));                                   // bound: kept however old
        book.Apply(Bound(2, "10.0.0.11", T));
        book.Apply(new AddressReleased(Ip("10.0.0.11"), Key(2), T.AddMinutes(1))); // unbound since T+1m: forgotten
        book.Apply(Bound(3, "10.0.0.12", T));
        book.Apply(new AddressReleased(Ip("10.0.0.12"), Key(3), T.AddDays(2)));    // unbound, but recently: kept
        Assert.Equal(1, book.Forget(T.AddDays(1)));
        Assert.Null(book.Get(Key(2)));
        Assert.NotNull(book.Get(Key(1)));
        Assert.NotNull(book.Get(Key(3)));
    }

    [Fact]
    public void A_snapshot_restores_every_record()
    {
        var book = new ClientBook();
        book.Apply(Bound(1, "10.0.0.10", T));
        book.Apply(Bound(2, "10.0.0.11", T));
        book.Apply(new AddressExpired(Ip("10.0.0.11"), Key(2), T.AddMinutes(6)));
        var snapshot = new PoolSnapshot([], [new PoolSnapshot.BoundEntry(Ip("10.0.0.10"), Key(1), Mac(1), T, T.AddMinutes(5), null, 0)],
            [], [], book.ToSnapshot());
        var back = ClientBook.FromSnapshot(snapshot);
        Assert.Equal(2, back.Count);
        foreach (var k in new[] { Key(1), Key(2) })
        {
            Assert.Equal(book.Get(k)! with { History = [] }, back.Get(k)! with { History = [] });
            Assert.Equal(book.Get(k)!.History, back.Get(k)!.History);
        }
    }
}
