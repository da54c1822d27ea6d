using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Pools;

/// <summary>
/// A pool's address space as its PoolEntity keeps it: which addresses are free in the pool, which bucket owns the rest,
/// the grants each bucket has not confirmed yet, and the last return applied per bucket. Pure: the entity asks it for
/// decisions (<see cref="Grant"/>, <see cref="Reclaim"/>) and applies the events they return, live and on replay.
/// An address is free here or owned by exactly one bucket — never both: that is the cluster-wide half of "no address
/// bound to two clients" (the other half is each bucket's AddressBook).
/// </summary>
public sealed class BlockLedger
{
    private sealed class BucketState
    {
        public readonly HashSet<Ipv4Address> Owned = new();
        public readonly SortedDictionary<long, BlockGranted> Pending = new();
        public long LastGrant;
        public long LastReturn;
    }

    private readonly HashSet<Ipv4Address> _configured;
    private readonly FreeList _free = new();
    private readonly Dictionary<Ipv4Address, int> _owner = new();
    private readonly Dictionary<int, BucketState> _buckets = new();

    public BlockLedger(IReadOnlyList<Ipv4Address> configured)
    {
        _configured = configured.ToHashSet();
        foreach (var a in configured) _free.AddNewest(a);
        BlockSize = BlockSizeFor(configured.Count);
    }

    /// <summary>Addresses per grant: small pools spread thin over the buckets, large ones in blocks of up to 256.</summary>
    public static int BlockSizeFor(int total) => Math.Clamp(total / (Clustering.Buckets.Count * 4), 1, 256);

    public int BlockSize { get; }

    public int Total => _configured.Count;
    public int FreeCount => _free.Count;
    public bool Migrated { get; private set; }
    public int? OwnerOf(Ipv4Address a) => _owner.TryGetValue(a, out var b) ? b : null;
    public bool IsFree(Ipv4Address a) => _free.Contains(a);
    public int OwnedBy(int bucket) => _buckets.TryGetValue(bucket, out var s) ? s.Owned.Count : 0;
    public IEnumerable<int> BucketsHolding => _buckets.Where(kv => kv.Value.Owned.Count > 0).Select(kv => kv.Key);

    /// <summary>Grants of <paramref name="bucket"/> newer than <paramref name="seen"/> that it has not confirmed.</summary>
    public IEnumerable<BlockGranted> PendingAfter(int bucket, long seen) =>
        _buckets.TryGetValue(bucket, out var s) ? s.Pending.Values.Where(g => g.GrantId > seen) : [];

    /// <summary>A new grant of up to <paramref name="want"/> free addresses (<paramref name="specific"/> first when it is
    /// free), or null when nothing is free.</summary>
    public BlockGranted? Grant(int bucket, int want, Ipv4Address? specific)
    {
        var picked = new List<Ipv4Address>(Math.Max(want, 1));
        if (specific is { } s && _free.Contains(s)) picked.Add(s);
        foreach (var a in _free.InOrder())
        {
            if (picked.Count >= want) break;
            if (a != specific) picked.Add(a);
        }
        if (picked.Count == 0) return null;
        return new BlockGranted(bucket, LastGrantOf(bucket) + 1, picked, null);
    }

    /// <summary>The event for a bucket's return, or null when it was applied before (a repeat).</summary>
    public BlockReclaimed? Reclaim(int bucket, long returnId, IReadOnlyList<Ipv4Address> addresses)
    {
        if (returnId <= (_buckets.TryGetValue(bucket, out var s) ? s.LastReturn : 0)) return null;
        return new BlockReclaimed(bucket, returnId, addresses.Where(a => OwnerOf(a) == bucket).ToList());
    }

    public long LastGrantOf(int bucket) => _buckets.TryGetValue(bucket, out var s) ? s.LastGrant : 0;

    public void Apply(IPoolLedgerEvent e)
    {
        switch (e)
        {
            case BlockGranted g:
            {
                var s = State(g.Bucket);
                foreach (var a in g.Addresses.Concat(CarriedAddresses(g.Carried)))
                {
                    _free.Remove(a);
                    if (_owner.TryGetValue(a, out var previous) && previous != g.Bucket) State(previous).Owned.Remove(a);
                    _owner[a] = g.Bucket;
                    s.Owned.Add(a);
                }
                s.LastGrant = Math.Max(s.LastGrant, g.GrantId);
                s.Pending[g.GrantId] = g;
                break;
            }
            case BlockDelivered d:
            {
                var s = State(d.Bucket);
                foreach (var id in s.Pending.Keys.Where(id => id <= d.GrantId).ToList()) s.Pending.Remove(id);
                break;
            }
            case BlockReclaimed r:
            {
                var s = State(r.Bucket);
                foreach (var a in r.Addresses)
                {
                    if (!s.Owned.Remove(a)) continue;
                    _owner.Remove(a);
                    if (_configured.Contains(a)) _free.AddNewest(a); // an address no longer configured vanishes here
                }
                s.LastReturn = Math.Max(s.LastReturn, r.ReturnId);
                break;
            }
            case PoolMigrated:
                Migrated = true;
                break;
            default:
                throw new ArgumentException($"not a pool block event: {e.GetType().Name}");
        }
    }

    private static IEnumerable<Ipv4Address> CarriedAddresses(PoolSnapshot? c) =>
        c is null ? [] : c.Bound.Select(b => b.Address).Concat(c.Quarantined.Select(q => q.Address));

    private BucketState State(int bucket)
    {
        if (!_buckets.TryGetValue(bucket, out var s)) _buckets[bucket] = s = new BucketState();
        return s;
    }

    // ---- snapshots ----

    public PoolLedgerSnapshot ToSnapshot() => new(
        _buckets.OrderBy(kv => kv.Key).Select(kv => new PoolLedgerSnapshot.BucketEntry(kv.Key, kv.Value.Owned.ToList(),
            kv.Value.LastGrant, kv.Value.LastReturn, kv.Value.Pending.Values.ToList())).ToList(),
        Migrated);

    /// <summary>Against the current configuration: free = configured and owned by no bucket; an owned address that is no
    /// longer configured stays with its bucket until given back.</summary>
    public static BlockLedger FromSnapshot(IReadOnlyList<Ipv4Address> configured, PoolLedgerSnapshot snapshot)
    {
        var ledger = new BlockLedger(configured) { Migrated = snapshot.Migrated };
        foreach (var b in snapshot.Buckets)
        {
            var s = ledger.State(b.Bucket);
            s.LastGrant = b.LastGrant;
            s.LastReturn = b.LastReturn;
            foreach (var g in b.Pending) s.Pending[g.GrantId] = g;
            foreach (var a in b.Owned)
            {
                s.Owned.Add(a);
                ledger._owner[a] = b.Bucket;
                ledger._free.Remove(a);
            }
        }
        return ledger;
    }
}
