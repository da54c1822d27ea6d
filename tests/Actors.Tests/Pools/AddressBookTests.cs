using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>The allocation rules without actors: decide, apply the events, look at the book.</summary>
public class AddressBookTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly PoolPolicy _policy = PoolPolicy.From(Settings(maxRenewals: 2));
    private readonly AddressBook _book;

    public AddressBookTests() => _book = new AddressBook(_policy.Addresses);

    /// <summary>Decides and applies like the PoolEntity does (events and offer), returns the verdict.</summary>
    private PoolVerdict Do(TestCommand c, DateTimeOffset? now = null)
    {
        var t = now ?? T0;
        var v = Decide(_book, _policy, c, t);
        if (v.HoldOffer) _book.HoldOffer(v.Address, c.Request.ClientKey, c.Request.Mac, t + _policy.OfferHold);
        foreach (var e in v.Events) _book.Apply(e);
        return v;
    }

    private Ipv4Address Bind(int client, DateTimeOffset? now = null)
    {
        var offer = Do(Cmd(client, DhcpMethod.Discover), now);
        Assert.Equal(LeaseOutcome.Offer, offer.Outcome);
        var ack = Do(Cmd(client, DhcpMethod.RequestSelecting, requested: offer.Address.ToString()), now);
        Assert.Equal(LeaseOutcome.Ack, ack.Outcome);
        return ack.Address;
    }

    [Fact]
    public void Free_list_hands_out_the_least_recently_used_address_and_freed_ones_go_to_the_tail()
    {
        var list = new FreeList();
        foreach (var i in new[] { 1u, 2u, 3u }) list.AddNewest(new Ipv4Address(i));
        Assert.True(list.TryTakeOldest(out var a));
        Assert.Equal(1u, a.Value);
        list.AddNewest(a);
        Assert.True(list.Remove(new Ipv4Address(2)));
        Assert.Equal([3u, 1u], list.InOrder().Select(x => x.Value));
        Assert.False(list.Remove(new Ipv4Address(2)));
    }

    [Fact]
    public void New_clients_get_distinct_addresses_in_range_order()
    {
        var got = Enumerable.Range(1, 10).Select(c => Bind(c)).ToList();
        Assert.Equal(_policy.Addresses, got);
        Assert.Equal(10, _book.BoundCount);
        Assert.Equal(0, _book.FreeCount);
    }

    [Fact]
    public void A_released_address_is_reused_last_and_its_client_gets_it_back()
    {
        var a = Bind(1);
        Do(Cmd(1, DhcpMethod.Release, ciaddr: a.ToString()));
        Assert.True(_book.IsFree(a));
        Assert.Equal(Ip("10.0.0.11"), Bind(2)); // LRU: not the one just released
        var again = Do(Cmd(1, DhcpMethod.Discover, preferred: a.ToString()));
        Assert.Equal(a, again.Address);
    }

    [Fact]
    public void A_requested_free_address_is_plucked_from_the_middle()
    {
        var v = Do(Cmd(1, DhcpMethod.Discover, requested: "10.0.0.15"));
        Assert.Equal(Ip("10.0.0.15"), v.Address);
        Assert.Equal(Ip("10.0.0.10"), Bind(2));
        Assert.False(_book.IsFree(Ip("10.0.0.15")));
    }

    [Fact]
    public void A_requested_address_that_is_taken_is_not_offered_and_selecting_it_is_naked()
    {
        var a = Bind(1);
        var offer = Do(Cmd(2, DhcpMethod.Discover, requested: a.ToString()));
        Assert.NotEqual(a, offer.Address);
        var nak = Do(Cmd(2, DhcpMethod.RequestSelecting, requested: a.ToString()));
        Assert.Equal(LeaseOutcome.Nak, nak.Outcome);
        Assert.Equal(Key(1), _book.BindingAt(a)!.ClientKey);
    }

    [Fact]
    public void An_offer_is_held_for_its_client_and_returns_to_the_head_when_not_taken()
    {
        var offer = Do(Cmd(1, DhcpMethod.Discover));
        Assert.Equal(offer.Address, Do(Cmd(1, DhcpMethod.Discover)).Address);
        var other = Do(Cmd(2, DhcpMethod.Discover), T0 + TimeSpan.FromSeconds(20));
        Assert.NotEqual(offer.Address, other.Address);
        Assert.Equal(0, _book.ReturnLapsedOffers(T0 + TimeSpan.FromSeconds(29)));
        Assert.Equal(1, _book.ReturnLapsedOffers(T0 + TimeSpan.FromSeconds(31)));
        Assert.Equal(offer.Address, _book.OldestFree());
        Assert.False(_book.IsFree(other.Address));
    }

    [Fact]
    public void Renew_extends_and_counts_and_renewing_an_address_not_held_is_naked()
    {
        var a = Bind(1);
        var later = T0 + TimeSpan.FromMinutes(2);
        var ack = Do(Cmd(1, DhcpMethod.RequestRenew, ciaddr: a.ToString()), later);
        Assert.Equal(LeaseOutcome.Ack, ack.Outcome);
        Assert.Equal(later + _policy.LeaseTime, _book.BindingAt(a)!.ExpiresAt);
        Assert.Equal(1, _book.BindingAt(a)!.Renewals);
        Assert.Equal(LeaseOutcome.Nak, Do(Cmd(2, DhcpMethod.RequestRenew, ciaddr: a.ToString())).Outcome);
        Assert.Equal(LeaseOutcome.Nak, Do(Cmd(2, DhcpMethod.RequestRebind, ciaddr: "10.99.0.1")).Outcome);
    }

    [Fact]
    public void After_max_renewals_the_client_is_naked_and_blocked_until_released()
    {
        var a = Bind(1);
        Assert.Equal(LeaseOutcome.Ack, Do(Cmd(1, DhcpMethod.RequestRenew, ciaddr: a.ToString())).Outcome);
        Assert.Equal(LeaseOutcome.Ack, Do(Cmd(1, DhcpMethod.RequestRebind, ciaddr: a.ToString())).Outcome);
        var third = Do(Cmd(1, DhcpMethod.RequestRenew, ciaddr: a.ToString()));
        Assert.Equal(LeaseOutcome.Nak, third.Outcome);
        Assert.True(_book.IsFree(a));
        Assert.Equal(LeaseOutcome.Silent, Do(Cmd(1, DhcpMethod.Discover)).Outcome);
        foreach (var e in PoolDecider.ReleaseClient(_book, Key(1), T0).Events) _book.Apply(e);
        Assert.Equal(LeaseOutcome.Offer, Do(Cmd(1, DhcpMethod.Discover)).Outcome);
    }

    [Fact]
    public void A_declined_address_is_on_probation_and_the_client_gets_another()
    {
        var a = Bind(1);
        Do(Cmd(1, DhcpMethod.Decline, requested: a.ToString()));
        Assert.Equal(1, _book.DeclinedCount);
        var next = Do(Cmd(1, DhcpMethod.Discover, preferred: a.ToString(), requested: a.ToString()));
        Assert.NotEqual(a, next.Address);
        Assert.Empty(_book.TakeDue(T0 + TimeSpan.FromMinutes(59)));
        Assert.False(_book.IsFree(a));
        _book.TakeDue(T0 + TimeSpan.FromHours(1));
        Assert.True(_book.IsFree(a));
        Assert.Equal(0, _book.DeclinedCount);
    }

    [Fact]
    public void Expired_bindings_are_reported_when_due_and_not_before()
    {
        var a = Bind(1);
        Assert.Empty(_book.TakeDue(T0 + TimeSpan.FromMinutes(4)));
        var due = _book.TakeDue(T0 + TimeSpan.FromMinutes(5));
        Assert.Equal(a, Assert.Single(due).Address);
        _book.Apply(new AddressExpired(a, Key(1), T0 + TimeSpan.FromMinutes(5)));
        Assert.True(_book.IsFree(a));
    }

    [Fact]
    public void An_exhausted_pool_offers_nothing()
    {
        for (var c = 1; c <= 10; c++) Bind(c);
        var v = Do(Cmd(11, DhcpMethod.Discover));
        Assert.Equal(LeaseOutcome.Silent, v.Outcome);
        Assert.True(v.Exhausted);
    }

    [Fact]
    public void An_address_seen_in_use_is_not_offered()
    {
        _book.Apply(new AddressSeenInUse(Ip("10.0.0.10"), Mac(99), T0, T0 + TimeSpan.FromHours(1)));
        Assert.Equal(Ip("10.0.0.11"), Do(Cmd(1, DhcpMethod.Discover)).Address);
        Assert.Equal(1, _book.InUseCount);
    }

    [Fact]
    public void Init_reboot_gets_its_bound_or_a_free_address_and_a_nak_for_anything_else()
    {
        var a = Bind(1);
        Assert.Equal(LeaseOutcome.Ack, Do(Cmd(1, DhcpMethod.RequestInitReboot, requested: a.ToString())).Outcome);
        Assert.Equal(LeaseOutcome.Ack, Do(Cmd(2, DhcpMethod.RequestInitReboot, requested: "10.0.0.18")).Outcome);
        Assert.Equal(LeaseOutcome.Nak, Do(Cmd(3, DhcpMethod.RequestInitReboot, requested: a.ToString())).Outcome);
        Assert.Equal(LeaseOutcome.Nak, Do(Cmd(3, DhcpMethod.RequestInitReboot, requested: "192.168.1.5")).Outcome);
    }

    [Fact]
    public void Hostnames_follow_the_prefix_or_the_clients_own_when_configured()
    {
        Assert.Equal("guest-10-0-0-10", Do(Cmd(1, DhcpMethod.Discover, hostname: "laptop")).Hostname);
        var own = PoolPolicy.From(Settings(useClientHostname: true));
        Assert.Equal("laptop", own.HostnameFor(Ip("10.0.0.10"), "laptop"));
        Assert.Equal("guest-10-0-0-10", own.HostnameFor(Ip("10.0.0.10"), null));
        Assert.Null(PoolPolicy.From(Settings(prefix: "")).HostnameFor(Ip("10.0.0.10"), null));
    }

    [Theory]
    [InlineData("laptop", "laptop")]
    [InlineData("  My Laptop! ", "My-Laptop")]
    [InlineData("pc-7.corp.example", "pc-7")]
    [InlineData("--x__y--", "x-y")]
    [InlineData("ünïcode", "n-code")]
    [InlineData("tab\there", "tab-here")]
    [InlineData("***", null)]
    [InlineData(".hidden", null)]
    [InlineData("", null)]
    public void A_clients_own_hostname_is_reduced_to_a_valid_host_label(string given, string? expected)
    {
        Assert.Equal(expected, PoolPolicy.ToHostLabel(given));
        var own = PoolPolicy.From(Settings(useClientHostname: true));
        Assert.Equal(expected ?? "guest-10-0-0-10", own.HostnameFor(Ip("10.0.0.10"), given));
    }

    [Fact]
    public void A_host_label_is_at_most_63_characters()
    {
        Assert.Equal(new string('a', 63), PoolPolicy.ToHostLabel(new string('a', 100)));
        Assert.Equal(new string('a', 62), PoolPolicy.ToHostLabel(new string('a', 62) + "-!x"));
    }

    [Fact]
    public void A_snapshot_restores_bindings_probation_blocks_and_lru_order()
    {
        var a = Bind(1);
        var b = Bind(2);
        Do(Cmd(2, DhcpMethod.Release, ciaddr: b.ToString()));
        Do(Cmd(1, DhcpMethod.Decline, requested: a.ToString()));
        var c = Bind(3);
        _book.Apply(new ClientBlocked(Key(4), null, T0));
        var restored = AddressBook.FromSnapshot(_policy.Addresses, _book.ToSnapshot());
        Assert.Equal(_book.FreeInOrder(), restored.FreeInOrder());
        Assert.Equal(Key(3), restored.BindingAt(c)!.ClientKey);
        Assert.Equal(1, restored.DeclinedCount);
        Assert.True(restored.IsBlocked(Key(4)));
        Assert.Equal(b, restored.FreeInOrder().Last());
    }

    [Fact]
    public void Client_keys_use_the_client_identifier_when_sent_else_the_mac()
    {
        Assert.Equal("01020000000001", ClientKey.From([1, 2, 0, 0, 0, 0, 1], Mac(1)));
        Assert.Equal("mac:02:00:00:00:00:01", ClientKey.From(null, Mac(1)));
        Assert.Equal("mac:02:00:00:00:00:01", ClientKey.From([], Mac(1)));
    }
}
