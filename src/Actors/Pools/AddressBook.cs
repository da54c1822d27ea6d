using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Pools;

public sealed record Binding(string ClientKey, MacAddress Mac, DateTimeOffset BoundAt, DateTimeOffset ExpiresAt, string? Hostname, int Renewals);

public sealed record HeldOffer(string ClientKey, MacAddress Mac, DateTimeOffset HoldUntil);

/// <summary>An address out of circulation: declined (Kind = Declined) or seen in use by ARP (Kind = InUse).</summary>
public sealed record Quarantine(AddressState Kind, string? ClientKey, MacAddress? Mac, DateTimeOffset Until);

/// <summary>
/// Who owns which address of one pool: free (LRU order), offered (in memory only), bound, quarantined; plus the
/// blocked clients. Pure state, no actor: the PoolEntity applies events to it (live and on replay) and holds offers.
/// Every address is in exactly one of free / offered / bound / quarantined, and a client has at most one binding and
/// one offer: that is what makes "no address bound to two clients" hold by construction.
/// Addresses outside the configured ranges (the pool was reconfigured) keep their binding until it ends, then vanish.
/// </summary>
public sealed class AddressBook
{
    private readonly HashSet<Ipv4Address> _members;
    private readonly FreeList _free = new();
    private readonly Dictionary<Ipv4Address, HeldOffer> _offers = new();
    private readonly Dictionary<string, Ipv4Address> _offerByClient = new();
    private readonly Dictionary<Ipv4Address, Binding> _bound = new();
    private readonly Dictionary<string, Ipv4Address> _boundByClient = new();
    private readonly Dictionary<Ipv4Address, Quarantine> _quarantined = new();
    private readonly HashSet<string> _blocked = new();
    // Free addresses a client has held (memory only): a bucket asks its pool for a fresh address before reusing one
    // of these, so a departing client is likely to find its own again.
    private readonly HashSet<Ipv4Address> _used = new();
    // When bindings and quarantines fall due. Lazy: an entry is checked against the current state when it pops, so a
    // renewal just pushes a new entry. O(log n) per change instead of a scan of every lease per tick.
    private readonly PriorityQueue<Ipv4Address, DateTimeOffset> _due = new();
    private readonly PriorityQueue<Ipv4Address, DateTimeOffset> _offerDue = new();

    /// <param name="addresses">The pool's addresses, in the order they are first handed out.</param>
    public AddressBook(IEnumerable<Ipv4Address> addresses)
    {
        _members = new HashSet<Ipv4Address>();
        foreach (var a in addresses)
            if (_members.Add(a)) _free.AddNewest(a);
    }

    public int Total => _members.Count;
    public int FreeCount => _free.Count;
    public int OfferedCount => _offers.Count;
    public int BoundCount => _bound.Count;
    public int DeclinedCount => _quarantined.Values.Count(q => q.Kind == AddressState.Declined);
    public int InUseCount => _quarantined.Values.Count(q => q.Kind == AddressState.InUse);
    public int BlockedCount => _blocked.Count;
    public int QuarantinedCount => _quarantined.Count;

    public bool IsMember(Ipv4Address a) => _members.Contains(a);
    public IEnumerable<Ipv4Address> Members => _members;
    public bool IsFree(Ipv4Address a) => _free.Contains(a);
    public bool WasUsed(Ipv4Address a) => _used.Contains(a);
    public Ipv4Address? OldestFree() => _free.PeekOldest();
    public bool IsBlocked(string clientKey) => _blocked.Contains(clientKey);
    public Binding? BindingAt(Ipv4Address a) => _bound.GetValueOrDefault(a);
    public HeldOffer? OfferAt(Ipv4Address a) => _offers.GetValueOrDefault(a);
    public Quarantine? QuarantineAt(Ipv4Address a) => _quarantined.GetValueOrDefault(a);
    public IEnumerable<Ipv4Address> FreeInOrder() => _free.InOrder();

    public Ipv4Address? BoundAddressOf(string clientKey) =>
        _boundByClient.TryGetValue(clientKey, out var a) ? a : null;

    public Ipv4Address? OfferedAddressOf(string clientKey) =>
        _offerByClient.TryGetValue(clientKey, out var a) ? a : null;

    // ---- events (live and replay) ----

    public void Apply(IPoolEvent e)
    {
        switch (e)
        {
            case AddressBound b:
                if (_boundByClient.TryGetValue(b.ClientKey, out var previous) && previous != b.Address)
                    EndBinding(previous);
                if (_bound.TryGetValue(b.Address, out var other) && other.ClientKey != b.ClientKey)
                    _boundByClient.Remove(other.ClientKey); // cannot happen through PoolDecider; never leave a stale index
                DropOffer(b.ClientKey, returnToFree: true, except: b.Address);
                DropOfferAt(b.Address);
                _free.Remove(b.Address);
                _quarantined.Remove(b.Address);
                _bound[b.Address] = new Binding(b.ClientKey, b.Mac, b.At, b.ExpiresAt, b.Hostname, b.Renewals);
                _boundByClient[b.ClientKey] = b.Address;
                _due.Enqueue(b.Address, b.ExpiresAt);
                _used.Add(b.Address);
                break;
            case AddressReleased r:
                if (IsBoundTo(r.Address, r.ClientKey)) { EndBinding(r.Address); }
                DropOffer(r.ClientKey, returnToFree: true);
                break;
            case AddressExpired x:
                if (IsBoundTo(x.Address, x.ClientKey)) EndBinding(x.Address);
                break;
            case AddressDeclined d:
                if (IsBoundTo(d.Address, d.ClientKey)) EndBinding(d.Address, toFree: false);
                if (_offers.TryGetValue(d.Address, out var o) && o.ClientKey == d.ClientKey) DropOfferAt(d.Address, toFree: false);
                if (_members.Contains(d.Address) && !_bound.ContainsKey(d.Address) && !_offers.ContainsKey(d.Address))
                {
                    _free.Remove(d.Address);
                    Quarantine(d.Address, new Quarantine(AddressState.Declined, d.ClientKey, null, d.ProbationUntil));
                }
                break;
            case AddressSeenInUse s:
                // Offered (a conflict check answered): the offer is void, nobody may have the address.
                var offeredHere = _offers.ContainsKey(s.Address);
                DropOfferAt(s.Address);
                if (_free.Remove(s.Address) || offeredHere || _quarantined.ContainsKey(s.Address))
                    Quarantine(s.Address, new Quarantine(AddressState.InUse, null, s.Mac, s.Until));
                break;
            case ClientBlocked c:
                _blocked.Add(c.ClientKey);
                if (_boundByClient.TryGetValue(c.ClientKey, out var held)) EndBinding(held);
                DropOffer(c.ClientKey, returnToFree: true);
                break;
            case ClientUnblocked u:
                _blocked.Remove(u.ClientKey);
                break;
            case ClientReleased c:
                if (c.Address is { } a && IsBoundTo(a, c.ClientKey)) EndBinding(a);
                DropOffer(c.ClientKey, returnToFree: true);
                _blocked.Remove(c.ClientKey);
                break;
            default:
                throw new ArgumentException($"unknown pool event {e.GetType().Name}");
        }
    }

    // ---- blocks (a bucket's book holds the addresses its pool handed it; a pool-wide book holds them all) ----

    /// <summary>Addresses handed to this book, free (used before the ones freed by departing clients). Any binding,
    /// quarantine or client block carried with them (a migrated pool) comes along.</summary>
    public void Receive(IEnumerable<Ipv4Address> addresses, PoolSnapshot? carried = null)
    {
        if (carried is not null)
        {
            foreach (var b in carried.Bound)
            {
                _members.Add(b.Address);
                _free.Remove(b.Address);
                _bound[b.Address] = new Binding(b.ClientKey, b.Mac, b.BoundAt, b.ExpiresAt, b.Hostname, b.Renewals);
                _boundByClient[b.ClientKey] = b.Address;
                _due.Enqueue(b.Address, b.ExpiresAt);
            }
            foreach (var q in carried.Quarantined)
                if (!_bound.ContainsKey(q.Address))
                {
                    _members.Add(q.Address);
                    _free.Remove(q.Address);
                    Quarantine(q.Address, new Quarantine(q.Kind, q.ClientKey, q.Mac, q.Until));
                }
            foreach (var c in carried.Blocked) _blocked.Add(c);
        }
        // At the head, in the pool's order: fresh addresses go out before ones a departing client may come back for.
        foreach (var a in addresses.Reverse())
            if (_members.Add(a)) _free.AddOldest(a);
    }

    /// <summary>Takes free addresses out of this book (given back to the pool). Only free ones: a bound, offered or
    /// quarantined address stays, so giving back can never take an address from a client.</summary>
    public void GiveBack(IEnumerable<Ipv4Address> addresses)
    {
        foreach (var a in addresses)
            if (_free.Remove(a))
            {
                _members.Remove(a);
                _used.Remove(a);
            }
    }

    /// <summary>Up to <paramref name="max"/> free addresses, least recently used first (what a bucket gives back).</summary>
    public List<Ipv4Address> SpareFree(int max) => _free.InOrder().Take(max).ToList();

    private bool IsBoundTo(Ipv4Address a, string clientKey) => _bound.TryGetValue(a, out var b) && b.ClientKey == clientKey;

    private void EndBinding(Ipv4Address a, bool toFree = true)
    {
        if (!_bound.Remove(a, out var b)) return;
        if (_boundByClient.TryGetValue(b.ClientKey, out var x) && x == a) _boundByClient.Remove(b.ClientKey);
        if (toFree && _members.Contains(a)) _free.AddNewest(a); // the tail: reused last, so a returning client likely finds it
    }

    private void Quarantine(Ipv4Address a, Quarantine q)
    {
        _quarantined[a] = q;
        _due.Enqueue(a, q.Until);
    }

    // ---- offers (memory only: not persisted, gone after a restart) ----

    public void HoldOffer(Ipv4Address a, string clientKey, MacAddress mac, DateTimeOffset holdUntil)
    {
        if (_bound.ContainsKey(a)) return; // already the client's binding: nothing to hold
        DropOffer(clientKey, returnToFree: true, except: a);
        _free.Remove(a);
        _offers[a] = new HeldOffer(clientKey, mac, holdUntil);
        _offerByClient[clientKey] = a;
        _offerDue.Enqueue(a, holdUntil);
    }

    private void DropOffer(string clientKey, bool returnToFree, Ipv4Address? except = null)
    {
        if (!_offerByClient.TryGetValue(clientKey, out var a) || a == except) return;
        DropOfferAt(a, returnToFree);
    }

    private void DropOfferAt(Ipv4Address a, bool toFree = false)
    {
        if (!_offers.Remove(a, out var o)) return;
        if (_offerByClient.TryGetValue(o.ClientKey, out var x) && x == a) _offerByClient.Remove(o.ClientKey);
        // An offer that was not taken was never used: it goes back to the head.
        if (toFree && _members.Contains(a) && !_bound.ContainsKey(a)) _free.AddOldest(a);
    }

    /// <summary>Returns offers whose hold has passed to the free list. Returns how many.</summary>
    public int ReturnLapsedOffers(DateTimeOffset now)
    {
        var n = 0;
        while (_offerDue.TryPeek(out var a, out var until) && until <= now)
        {
            _offerDue.Dequeue();
            if (_offers.TryGetValue(a, out var o) && o.HoldUntil <= now)
            {
                DropOfferAt(a, toFree: true);
                n++;
            }
        }
        return n;
    }

    // ---- time ----

    /// <summary>Ends probations that have passed (in memory: the end is implied by the persisted Until) and returns
    /// the bindings that have expired, for the pool to confirm and reclaim. A returned binding is not re-reported
    /// until <see cref="RecheckAt"/> queues it again.</summary>
    public List<(Ipv4Address Address, Binding Binding)> TakeDue(DateTimeOffset now)
    {
        var expired = new List<(Ipv4Address, Binding)>();
        while (_due.TryPeek(out var a, out var at) && at <= now)
        {
            _due.Dequeue();
            if (_bound.TryGetValue(a, out var b))
            {
                if (b.ExpiresAt <= now) expired.Add((a, b));
            }
            else if (_quarantined.TryGetValue(a, out var q) && q.Until <= now)
            {
                _quarantined.Remove(a);
                if (_members.Contains(a)) _free.AddNewest(a);
            }
        }
        return expired;
    }

    public void RecheckAt(Ipv4Address a, DateTimeOffset at) => _due.Enqueue(a, at);

    // ---- views ----

    public PoolStatus Status(string pool, long exhaustedRequests) =>
        new(pool, Total, FreeCount, OfferedCount, BoundCount, DeclinedCount, InUseCount, BlockedCount, exhaustedRequests);

    public List<LeaseInfo> Leases()
    {
        var list = new List<LeaseInfo>(_bound.Count + _offers.Count + _quarantined.Count);
        list.AddRange(_bound.Select(kv => new LeaseInfo(kv.Key, kv.Value.ClientKey, kv.Value.Mac, kv.Value.ExpiresAt, AddressState.Bound, kv.Value.Hostname)));
        list.AddRange(_offers.Select(kv => new LeaseInfo(kv.Key, kv.Value.ClientKey, kv.Value.Mac, kv.Value.HoldUntil, AddressState.Offered, null)));
        list.AddRange(_quarantined.Select(kv => new LeaseInfo(kv.Key, kv.Value.ClientKey, kv.Value.Mac, kv.Value.Until, kv.Value.Kind, null)));
        list.Sort((x, y) => x.Address.CompareTo(y.Address));
        return list;
    }

    // ---- snapshots ----

    /// <summary>The durable part of the state. Offered addresses are written as free (at the head: never used).</summary>
    public PoolSnapshot ToSnapshot() => new(
        _offers.Keys.Concat(_free.InOrder()).ToList(),
        _bound.Select(kv => new PoolSnapshot.BoundEntry(kv.Key, kv.Value.ClientKey, kv.Value.Mac, kv.Value.BoundAt, kv.Value.ExpiresAt, kv.Value.Hostname, kv.Value.Renewals)).ToList(),
        _quarantined.Select(kv => new PoolSnapshot.QuarantineEntry(kv.Key, kv.Value.Kind, kv.Value.ClientKey, kv.Value.Mac, kv.Value.Until)).ToList(),
        _blocked.ToList());

    /// <summary>Rebuilds from a snapshot against the current ranges: addresses no longer configured are dropped once
    /// free, newly configured ones are appended as free.</summary>
    public static AddressBook FromSnapshot(IEnumerable<Ipv4Address> addresses, PoolSnapshot s)
    {
        var book = new AddressBook(Array.Empty<Ipv4Address>());
        var configured = addresses.ToList();
        foreach (var a in configured) book._members.Add(a);
        foreach (var b in s.Bound)
        {
            book._bound[b.Address] = new Binding(b.ClientKey, b.Mac, b.BoundAt, b.ExpiresAt, b.Hostname, b.Renewals);
            book._boundByClient[b.ClientKey] = b.Address;
            book._due.Enqueue(b.Address, b.ExpiresAt);
        }
        foreach (var q in s.Quarantined)
            if (book._members.Contains(q.Address) && !book._bound.ContainsKey(q.Address))
                book.Quarantine(q.Address, new Quarantine(q.Kind, q.ClientKey, q.Mac, q.Until));
        foreach (var a in s.Free)
            if (book._members.Contains(a) && !book._bound.ContainsKey(a) && !book._quarantined.ContainsKey(a)) book._free.AddNewest(a);
        foreach (var a in configured)
            if (!book._bound.ContainsKey(a) && !book._quarantined.ContainsKey(a)) book._free.AddNewest(a);
        foreach (var c in s.Blocked) book._blocked.Add(c);
        return book;
    }
}
