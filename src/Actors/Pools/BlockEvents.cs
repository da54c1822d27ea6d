using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Pools;

// Which bucket owns which address: the pool's journal (PoolEntity) and the block half of a bucket's journal
// (LeaseEntity). An address moves pool → bucket in two steps (BlockGranted in the pool's journal, then BlockReceived
// in the bucket's) and back in two (BlockGivenBack in the bucket's, then BlockReclaimed in the pool's). Between the
// steps the address belongs to the side that wrote last for it, so a crash in the middle of a move strands it at
// worst until the message is repeated, and never hands it to two owners.

/// <summary>An event of a pool's journal (its block ledger).</summary>
public interface IPoolLedgerEvent : IPersistedEvent;

/// <summary>An event of a bucket's journal: a lease event (<see cref="IPoolEvent"/>) or a block received or given back.</summary>
public interface IBucketEvent : IPersistedEvent;

/// <summary>Pool: <paramref name="Addresses"/> belong to <paramref name="Bucket"/> from now on; re-sent until the bucket
/// confirms (<see cref="BlockDelivered"/>). <paramref name="Carried"/>: bindings moved with them (migration).</summary>
public sealed record BlockGranted(int Bucket, long GrantId, IReadOnlyList<Ipv4Address> Addresses, PoolSnapshot? Carried) : IPoolLedgerEvent;

/// <summary>Pool: the bucket has grant <paramref name="GrantId"/> (and every earlier one) in its journal.</summary>
public sealed record BlockDelivered(int Bucket, long GrantId) : IPoolLedgerEvent;

/// <summary>Pool: the bucket gave these free addresses back (its return <paramref name="ReturnId"/>); free in the pool again.</summary>
public sealed record BlockReclaimed(int Bucket, long ReturnId, IReadOnlyList<Ipv4Address> Addresses) : IPoolLedgerEvent;

/// <summary>Pool: the single-pool state of a journal written before buckets existed has been handed to the buckets
/// (as grants carrying its bindings); the old events before this one are history.</summary>
public sealed record PoolMigrated(int Bindings, DateTimeOffset At) : IPoolLedgerEvent;

/// <summary>Bucket: grant <paramref name="GrantId"/> is ours (with what it carried).</summary>
public sealed record BlockReceived(long GrantId, IReadOnlyList<Ipv4Address> Addresses, PoolSnapshot? Carried) : IBucketEvent;

/// <summary>Bucket: these free addresses are no longer ours; the pool is told until it accepts.</summary>
public sealed record BlockGivenBack(long ReturnId, IReadOnlyList<Ipv4Address> Addresses) : IBucketEvent;

/// <summary>Bucket: the pool has return <paramref name="ReturnId"/>; stop repeating it.</summary>
public sealed record BlockReturnConfirmed(long ReturnId) : IBucketEvent;
