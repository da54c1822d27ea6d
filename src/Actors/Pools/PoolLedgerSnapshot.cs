using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Pools;

/// <summary>A pool's block ledger: what each bucket owns, its grant and return counters and its unconfirmed grants.
/// Free addresses are not written: they are the configured ones no bucket owns.</summary>
public sealed record PoolLedgerSnapshot(IReadOnlyList<PoolLedgerSnapshot.BucketEntry> Buckets, bool Migrated) : IPersistedSnapshot
{
    public sealed record BucketEntry(int Bucket, IReadOnlyList<Ipv4Address> Owned, long LastGrant, long LastReturn,
        IReadOnlyList<BlockGranted> Pending);
}

/// <summary>A bucket's durable state: its address book (the pool snapshot's shape, for the addresses it holds), its
/// client records, the last grant it received, and the returns the pool has not accepted yet.</summary>
public sealed record BucketSnapshot(PoolSnapshot Book, long LastGrant, long LastReturn,
    IReadOnlyList<BlockGivenBack> UnconfirmedReturns) : IPersistedSnapshot;
