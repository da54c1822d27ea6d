using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>The decision of an operator-made lease (PoolDecider.Assign), pure, against a bucket's book.</summary>
public class AssignDecisionTests
{
    private static readonly DateTimeOffset T = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PoolPolicy Policy = PoolPolicy.From(Settings());

    private static AssignClientLease Assign(int client, string address, string? hostname = null) =>
        new("guests", Key(client), Mac(client), Ip(address), TimeSpan.FromMinutes(10), hostname);

    private static AddressBook BookWith(params IPoolEvent[] events)
    {
        var book = new AddressBook(Policy.Addresses);
        foreach (var e in events) book.Apply(e);
        return book;
    }

    [Fact]
    public void A_free_address_is_bound_for_the_operators_lease_time_with_the_pools_hostname()
    {
        var v = PoolDecider.Assign(BookWith(), Policy, Assign(1, "10.0.0.15"), T, mayAsk: true);
        Assert.Equal(LeaseOutcome.Ack, v.Outcome);
        var bound = Assert.IsType<AddressBound>(Assert.Single(v.Events));
        Assert.Equal((Ip("10.0.0.15"), Key(1), T.AddMinutes(10), "guest-10-0-0-15"), (bound.Address, bound.ClientKey, bound.ExpiresAt, bound.Hostname));
        Assert.Equal("desk-3", PoolDecider.Assign(BookWith(), Policy, Assign(1, "10.0.0.15", "desk 3"), T, true).Hostname);
    }

    [Fact]
    public void A_scan_answer_from_the_client_that_holds_the_address_leaves_its_binding_as_it_is()
    {
        var book = BookWith(new AddressBound(Ip("10.0.0.15"), Key(2), Mac(2), T, T.AddMinutes(5), "desk", 0));
        var v = PoolDecider.Assign(book, Policy, Assign(2, "10.0.0.15") with { FromScan = true }, T.AddMinutes(1), mayAsk: true);
        Assert.Equal((LeaseOutcome.Ack, T.AddMinutes(5), "desk"), (v.Outcome, v.ExpiresAt, v.Hostname));
        Assert.Empty(v.Events); // not extended, and no lease-granted for a lease it had all along
        // The operator's own add of the same lease extends it.
        Assert.Single(PoolDecider.Assign(book, Policy, Assign(2, "10.0.0.15"), T.AddMinutes(1), mayAsk: true).Events);
    }

    [Fact]
    public void An_address_held_by_another_client_is_refused_as_taken_and_the_clients_own_is_extended()
    {
        var book = BookWith(new AddressBound(Ip("10.0.0.15"), Key(2), Mac(2), T, T.AddMinutes(5), null, 0));
        var other = PoolDecider.Assign(book, Policy, Assign(1, "10.0.0.15"), T, mayAsk: true);
        Assert.Equal((LeaseOutcome.Nak, AssignRefusal.Taken), (other.Outcome, other.Reason));
        Assert.Empty(other.Events);
        var own = PoolDecider.Assign(book, Policy, Assign(2, "10.0.0.15"), T, mayAsk: true);
        Assert.Equal(LeaseOutcome.Ack, own.Outcome);

        var declined = BookWith(new AddressDeclined(Ip("10.0.0.16"), Key(3), T, T.AddHours(1)));
        Assert.Equal(AssignRefusal.Taken, PoolDecider.Assign(declined, Policy, Assign(1, "10.0.0.16"), T, true).Reason);
    }

    [Fact]
    public void An_address_outside_the_pool_or_a_blocked_client_is_refused()
    {
        Assert.Equal(AssignRefusal.NotInPool, PoolDecider.Assign(BookWith(), Policy, Assign(1, "10.0.0.99"), T, true).Reason);
        var blocked = BookWith(new ClientBlocked(Key(1), null, T));
        Assert.Equal(AssignRefusal.Blocked, PoolDecider.Assign(blocked, Policy, Assign(1, "10.0.0.15"), T, true).Reason);
    }

    [Fact]
    public void An_address_of_the_pool_this_bucket_does_not_hold_is_asked_for_once_then_refused()
    {
        var empty = new AddressBook([]);
        var ask = PoolDecider.Assign(empty, Policy, Assign(1, "10.0.0.15"), T, mayAsk: true);
        Assert.Equal(Ip("10.0.0.15"), ask.Need?.Specific);
        Assert.Empty(ask.Events);
        var after = PoolDecider.Assign(empty, Policy, Assign(1, "10.0.0.15"), T, mayAsk: false);
        Assert.Equal((LeaseOutcome.Nak, AssignRefusal.Taken), (after.Outcome, after.Reason));
    }
}
