using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Pools;

/// <summary>
/// Every client's record (LeaseRecord) of one bucket, derived from the bucket's own events — so its batched journal
/// and its snapshots are the one durable home of lease history, and a client's first contact needs no journal read or
/// write of its own. Pure state: the LeaseEntity applies each event here and to its AddressBook (live and on replay).
/// Records of clients without a binding are forgotten after a while (<see cref="Forget"/>) so the pool's memory and
/// snapshots do not grow with every client ever seen.
/// </summary>
public sealed class ClientBook
{
    private readonly Dictionary<string, LeaseRecord> _records = new();

    public int Count => _records.Count;

    public LeaseRecord? Get(string clientKey) => _records.GetValueOrDefault(clientKey);

    /// <summary>The address to offer a returning client first: its current or previous one.</summary>
    public Ipv4Address? PreferredAddress(string clientKey) =>
        _records.TryGetValue(clientKey, out var r) ? r.Address ?? r.LastAddress : null;

    public void Apply(IPoolEvent e)
    {
        switch (e)
        {
            case AddressBound b:
                Update(b.ClientKey, new LeaseGranted(b.Address, b.Mac, b.At, b.ExpiresAt, b.Hostname, b.Renewals));
                break;
            case AddressReleased r:
                End(r.ClientKey, r.Address, "released", r.At);
                break;
            case AddressDeclined d:
                End(d.ClientKey, d.Address, "declined", d.At);
                break;
            case AddressExpired x:
                End(x.ClientKey, x.Address, "expired", x.At);
                break;
            case ClientBlocked c when c.Address is { } a:
                End(c.ClientKey, a, "blocked", c.At);
                break;
            case ClientReleased c when c.Address is { } a:
                End(c.ClientKey, a, "released-by-operator", c.At);
                break;
        }
    }

    /// <summary>Drops the records of clients that hold no binding and whose last event is before
    /// <paramref name="before"/>. Returns how many.</summary>
    public int Forget(DateTimeOffset before)
    {
        var stale = _records.Where(kv => kv.Value.Address is null && LastEventAt(kv.Value) < before).Select(kv => kv.Key).ToList();
        foreach (var k in stale) _records.Remove(k);
        return stale.Count;
    }

    /// <summary>The client's record as the protocol shows it; the binding itself comes from the AddressBook, which is
    /// authoritative for who holds what until when.</summary>
    public ClientLeaseRecord View(string pool, string clientKey, Ipv4Address? boundAddress, Binding? binding)
    {
        var r = Get(clientKey);
        return new ClientLeaseRecord(pool, clientKey, binding?.Mac ?? r?.Mac, boundAddress, binding?.ExpiresAt,
            binding?.Renewals ?? r?.Renewals ?? 0, r?.LastAddress, r?.History ?? Array.Empty<LeaseHistoryEntry>());
    }

    /// <summary>Client records that came with a block (a migrated pool): kept unless this book has a newer one.</summary>
    public void Absorb(IEnumerable<PoolSnapshot.ClientEntry> entries)
    {
        foreach (var c in entries) _records.TryAdd(c.ClientKey, c.Record);
    }

    // ---- snapshots ----

    public IReadOnlyList<PoolSnapshot.ClientEntry> ToSnapshot() =>
        _records.Select(kv => new PoolSnapshot.ClientEntry(kv.Key, kv.Value)).ToList();

    /// <summary>From a snapshot's client entries; a snapshot written before pools kept client records (none) gets a
    /// record for each binding, without history.</summary>
    public static ClientBook FromSnapshot(PoolSnapshot s)
    {
        var book = new ClientBook();
        foreach (var c in s.Clients ?? []) book._records[c.ClientKey] = c.Record;
        foreach (var b in s.Bound)
        {
            var r = book.Get(b.ClientKey);
            if (r?.Address == b.Address) continue;
            book._records[b.ClientKey] = (r ?? LeaseRecord.Empty) with
            {
                Mac = b.Mac, Address = b.Address, ExpiresAt = b.ExpiresAt, Renewals = b.Renewals, LastAddress = b.Address,
            };
        }
        return book;
    }

    private void Update(string clientKey, ILeaseEvent e) =>
        _records[clientKey] = (_records.GetValueOrDefault(clientKey) ?? LeaseRecord.Empty).Apply(e);

    private void End(string clientKey, Ipv4Address address, string reason, DateTimeOffset at)
    {
        if (_records.TryGetValue(clientKey, out var r)) _records[clientKey] = r.Apply(new LeaseEnded(address, reason, at));
    }

    private static DateTimeOffset LastEventAt(LeaseRecord r) => r.History.Count > 0 ? r.History[^1].At : DateTimeOffset.MinValue;
}
