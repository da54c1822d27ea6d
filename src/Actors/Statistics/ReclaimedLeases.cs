using System.Collections.Concurrent;

namespace StaticDhcpd.Actors.Statistics;

/// <summary>Leases this node's buckets took back because they ran out without a renewal (Kea's reclaimed-leases), per
/// pool; counted once the expiry is written, so a bucket replaying its journal counts nothing again.</summary>
public sealed class ReclaimedLeases
{
    private readonly ConcurrentDictionary<string, StrongBoxLong> _byPool = new();

    public void Count(string pool) => Interlocked.Increment(ref _byPool.GetOrAdd(pool, _ => new StrongBoxLong()).Value);

    public long Of(string pool) => _byPool.TryGetValue(pool, out var b) ? Interlocked.Read(ref b.Value) : 0;

    private sealed class StrongBoxLong
    {
        public long Value;
    }
}
