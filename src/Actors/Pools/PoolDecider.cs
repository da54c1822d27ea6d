using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Pools;

/// <summary>What a bucket does with one request: the reply, the events that must be durable before it is sent, and
/// whether to hold an offer. <paramref name="Exhausted"/>: nothing was free (the bucket warns, rate-limited).
/// <paramref name="Need"/>: the bucket cannot answer from what it holds; it asks its pool for addresses (or for the one
/// the client named) and decides again when they arrive.</summary>
public sealed record PoolVerdict(
    LeaseOutcome Outcome,
    Ipv4Address Address,
    string? Hostname,
    DateTimeOffset? ExpiresAt,
    int Renewals,
    string? Reason,
    IReadOnlyList<IPoolEvent> Events,
    BindingChange Change,
    bool HoldOffer = false,
    bool Exhausted = false,
    AddressNeed? Need = null);

/// <summary><paramref name="Specific"/> null: any free address; else the address the client named, which the pool may
/// still have free. <paramref name="Urgent"/>: the bucket has nothing to offer (else it would rather have a fresh address
/// than reuse one a departing client may come back for, but will settle for that).</summary>
public sealed record AddressNeed(Ipv4Address? Specific, bool Urgent);

/// <summary>
/// The allocation rules, pure: given a bucket's book, the pool's policy, a request and the time, decide. It never
/// mutates the book; the LeaseEntity applies the events (and the offer) it returns.
/// Order for DISCOVER (RFC 2131 §4.3.1): the client's binding, its current offer, its previous address if free, the
/// requested address (option 50) if free, else the least recently used free address. An address of the pool that this
/// bucket does not hold may still be free in the pool: with <c>mayAsk</c> the verdict says so (Need) instead of
/// settling for another address or a NAK; asked once, the bucket decides again without it.
/// </summary>
public static class PoolDecider
{
    private static readonly IReadOnlyList<IPoolEvent> None = Array.Empty<IPoolEvent>();

    public static PoolVerdict Decide(AddressBook book, PoolPolicy policy, LeaseRequest c, Ipv4Address? preferred,
        DateTimeOffset now, bool mayAsk) => c.Method switch
    {
        DhcpMethod.Discover => Discover(book, policy, c, preferred, now, mayAsk),
        DhcpMethod.RequestSelecting or DhcpMethod.RequestInitReboot => RequestAddress(book, policy, c, now, mayAsk),
        DhcpMethod.RequestRenew or DhcpMethod.RequestRebind => Renew(book, policy, c, now, mayAsk),
        DhcpMethod.Release => Release(book, c, now),
        DhcpMethod.Decline => Decline(book, policy, c, now),
        DhcpMethod.Inform => new PoolVerdict(LeaseOutcome.Ack, c.ClientAddress, null, null, 0, null, None, BindingChange.None),
        _ => Silent(c.ClientAddress, $"{c.Method.ToWireName()} is not handled by a pool"),
    };

    /// <summary>Operator/registration release: one <see cref="ClientReleased"/> when the client holds a binding or is
    /// blocked, nothing otherwise (a release of a client the pool does not know writes nothing).</summary>
    public static PoolVerdict ReleaseClient(AddressBook book, string clientKey, DateTimeOffset now)
    {
        var held = book.BoundAddressOf(clientKey);
        IReadOnlyList<IPoolEvent> events = held is not null || book.IsBlocked(clientKey)
            ? [new ClientReleased(clientKey, held, now)]
            : None;
        return new PoolVerdict(LeaseOutcome.Silent, held ?? Ipv4Address.Any, null, null, 0, "released by operator", events,
            held is null ? BindingChange.None : BindingChange.Released);
    }

    /// <summary>
    /// An operator-made lease (<see cref="AssignClientLease"/>): granted when the address is free in this bucket or
    /// already the client's (binding or offer); refused when another client holds, was offered or declined it, or it
    /// is seen in use. An address of the pool this bucket does not hold is asked for once (<paramref name="mayAsk"/>):
    /// the pool grants it only when it is free there or in the bucket holding it, so it is never bound twice.
    /// </summary>
    public static PoolVerdict Assign(AddressBook book, PoolPolicy p, AssignClientLease a, DateTimeOffset now, bool mayAsk)
    {
        var addr = a.Address;
        if (!book.IsMember(addr) && !p.Contains(addr)) return Nak(addr, AssignRefusal.NotInPool);
        if (book.IsBlocked(a.ClientKey)) return Nak(addr, AssignRefusal.Blocked);
        if (book.BindingAt(addr) is { } b)
            return b.ClientKey != a.ClientKey ? Nak(addr, AssignRefusal.Taken)
                : a.FromScan ? new PoolVerdict(LeaseOutcome.Ack, addr, b.Hostname, b.ExpiresAt, b.Renewals, null, [], BindingChange.None)
                : Assigned(p, a, now, b.Renewals);
        if (book.OfferAt(addr) is { } o)
            return o.ClientKey == a.ClientKey ? Assigned(p, a, now, 0) : Nak(addr, AssignRefusal.Taken);
        if (book.QuarantineAt(addr) is not null) return Nak(addr, AssignRefusal.Taken);
        if (book.IsFree(addr)) return Assigned(p, a, now, 0);
        if (mayAsk && Elsewhere(book, p, addr) is { } wanted) return Needs(wanted, urgent: false);
        return Nak(addr, AssignRefusal.Taken); // the pool did not have it free: another bucket's client holds it
    }

    private static PoolVerdict Assigned(PoolPolicy p, AssignClientLease a, DateTimeOffset now, int renewals)
    {
        var hostname = PoolPolicy.ToHostLabel(a.Hostname) ?? p.HostnameFor(a.Address, null);
        var expires = now + a.LeaseTime;
        return new PoolVerdict(LeaseOutcome.Ack, a.Address, hostname, expires, renewals, null,
            [new AddressBound(a.Address, a.ClientKey, a.Mac, now, expires, hostname, renewals)], BindingChange.Bound);
    }

    private static PoolVerdict Discover(AddressBook book, PoolPolicy p, LeaseRequest c, Ipv4Address? preferred,
        DateTimeOffset now, bool mayAsk)
    {
        if (book.IsBlocked(c.ClientKey)) return Silent(Ipv4Address.Any, "client blocked (max-renewals reached)");
        if (book.BoundAddressOf(c.ClientKey) is { } bound)
        {
            var b = book.BindingAt(bound)!;
            return Offer(p, c, bound, now, b.Renewals, hold: false);
        }
        if (book.OfferedAddressOf(c.ClientKey) is { } offered) return Offer(p, c, offered, now, 0, hold: true);
        if (preferred is { } prev && book.IsFree(prev)) return Offer(p, c, prev, now, 0, hold: true);
        if (c.RequestedAddress is { } req && book.IsFree(req)) return Offer(p, c, req, now, 0, hold: true);
        if (mayAsk && (Elsewhere(book, p, preferred) ?? Elsewhere(book, p, c.RequestedAddress)) is { } wanted)
            return Needs(wanted, urgent: book.FreeCount == 0);
        if (book.OldestFree() is { } lru)
            return mayAsk && book.WasUsed(lru) ? Needs(null, urgent: false) : Offer(p, c, lru, now, 0, hold: true);
        if (mayAsk) return Needs(null, urgent: true);
        return Silent(Ipv4Address.Any, "pool exhausted") with { Exhausted = true };
    }

    /// <summary>SELECTING and INIT-REBOOT name the address in option 50: granted when it is the client's (binding or
    /// offer) or free; anything else is NAKed so the client starts over.</summary>
    private static PoolVerdict RequestAddress(AddressBook book, PoolPolicy p, LeaseRequest c, DateTimeOffset now, bool mayAsk)
    {
        var a = c.RequestedAddress ?? (c.ClientAddress.IsAny ? (Ipv4Address?)null : c.ClientAddress);
        if (a is not { } addr) return Nak(Ipv4Address.Any, "no requested address");
        if (book.IsBlocked(c.ClientKey)) return Nak(addr, "client blocked (max-renewals reached)");
        if (book.BindingAt(addr) is { } b)
            return b.ClientKey == c.ClientKey ? Grant(p, c, addr, now, b.Renewals) : Nak(addr, "address bound to another client");
        if (book.OfferAt(addr) is { } o)
            return o.ClientKey == c.ClientKey ? Grant(p, c, addr, now, 0) : Nak(addr, "address offered to another client");
        if (book.IsFree(addr)) return Grant(p, c, addr, now, 0);
        if (mayAsk && Elsewhere(book, p, addr) is { } wanted) return Needs(wanted, urgent: false);
        return Nak(addr, book.IsMember(addr) || p.Contains(addr) ? "address not available" : "address not in this pool");
    }

    /// <summary>RENEW/REBIND (ciaddr): extend the client's binding; re-grant an address that is still free (the lease
    /// ran out or was lost with an older server); NAK otherwise. max-renewals &gt; 0: the renewal after the last allowed
    /// one is NAKed and the client is blocked.</summary>
    private static PoolVerdict Renew(AddressBook book, PoolPolicy p, LeaseRequest c, DateTimeOffset now, bool mayAsk)
    {
        var addr = c.ClientAddress.IsAny ? c.RequestedAddress ?? Ipv4Address.Any : c.ClientAddress;
        if (addr.IsAny) return Nak(addr, "no client address");
        if (book.IsBlocked(c.ClientKey)) return Nak(addr, "client blocked (max-renewals reached)");
        if (book.BindingAt(addr) is { } b)
        {
            if (b.ClientKey != c.ClientKey) return Nak(addr, "address bound to another client");
            if (p.MaxRenewals > 0 && b.Renewals >= p.MaxRenewals)
                return new PoolVerdict(LeaseOutcome.Nak, addr, null, null, b.Renewals, "max-renewals reached",
                    [new ClientBlocked(c.ClientKey, addr, now)], BindingChange.Blocked);
            return Grant(p, c, addr, now, b.Renewals + 1);
        }
        if (book.IsFree(addr)) return Grant(p, c, addr, now, 0);
        if (mayAsk && Elsewhere(book, p, addr) is { } wanted) return Needs(wanted, urgent: false);
        return Nak(addr, book.IsMember(addr) || p.Contains(addr) ? "address not held by this client" : "address not in this pool");
    }

    private static PoolVerdict Release(AddressBook book, LeaseRequest c, DateTimeOffset now)
    {
        var addr = c.ClientAddress.IsAny ? c.RequestedAddress ?? Ipv4Address.Any : c.ClientAddress;
        if (book.BindingAt(addr) is { } b && b.ClientKey == c.ClientKey)
            return new PoolVerdict(LeaseOutcome.Silent, addr, null, null, b.Renewals, "released",
                [new AddressReleased(addr, c.ClientKey, now)], BindingChange.Released);
        return Silent(addr, "release of an address the client does not hold");
    }

    /// <summary>DECLINE (option 50): the address is in use by someone else; probation, and the client's next DISCOVER
    /// finds another (its previous address is no longer free).</summary>
    private static PoolVerdict Decline(AddressBook book, PoolPolicy p, LeaseRequest c, DateTimeOffset now)
    {
        var addr = c.RequestedAddress ?? c.ClientAddress;
        var mine = (book.BindingAt(addr) is { } b && b.ClientKey == c.ClientKey)
                   || (book.OfferAt(addr) is { } o && o.ClientKey == c.ClientKey);
        if (!mine) return Silent(addr, "decline of an address the client does not hold");
        return new PoolVerdict(LeaseOutcome.Silent, addr, null, null, 0, "declined",
            [new AddressDeclined(addr, c.ClientKey, now, now + p.DeclineProbation)], BindingChange.Declined);
    }

    /// <summary>An address of the pool this bucket does not hold: its pool may have it free.</summary>
    private static Ipv4Address? Elsewhere(AddressBook book, PoolPolicy p, Ipv4Address? a) =>
        a is { } x && !book.IsMember(x) && p.Contains(x) ? x : null;

    private static PoolVerdict Needs(Ipv4Address? specific, bool urgent) =>
        new(LeaseOutcome.Silent, specific ?? Ipv4Address.Any, null, null, 0, "waiting for the pool", None, BindingChange.None,
            Need: new AddressNeed(specific, urgent));

    private static PoolVerdict Offer(PoolPolicy p, LeaseRequest c, Ipv4Address a, DateTimeOffset now, int renewals, bool hold) =>
        new(LeaseOutcome.Offer, a, p.HostnameFor(a, c.ClientHostname), now + p.LeaseTime, renewals, null, None,
            BindingChange.None, HoldOffer: hold);

    private static PoolVerdict Grant(PoolPolicy p, LeaseRequest c, Ipv4Address a, DateTimeOffset now, int renewals)
    {
        var hostname = p.HostnameFor(a, c.ClientHostname);
        var expires = now + p.LeaseTime;
        return new PoolVerdict(LeaseOutcome.Ack, a, hostname, expires, renewals, null,
            [new AddressBound(a, c.ClientKey, c.Mac, now, expires, hostname, renewals)], BindingChange.Bound);
    }

    private static PoolVerdict Nak(Ipv4Address a, string reason) =>
        new(LeaseOutcome.Nak, a, null, null, 0, reason, None, BindingChange.None);

    private static PoolVerdict Silent(Ipv4Address a, string reason) =>
        new(LeaseOutcome.Silent, a, null, null, 0, reason, None, BindingChange.None);
}
