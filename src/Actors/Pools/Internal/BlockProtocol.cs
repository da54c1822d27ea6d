using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Pools.Internal;

// Between a bucket's LeaseEntity and its pool's PoolEntity, through the shard regions (so possibly across nodes).
// Every message can be lost or repeated: the pool's journal says which bucket owns which address, grants are
// numbered per bucket and re-sent until the bucket confirms them, returns are numbered and applied once.

/// <summary>A bucket asks its pool for <paramref name="Want"/> more free addresses (0: only re-send grants newer than
/// <paramref name="LastGrantSeen"/>, i.e. synchronise after recovery). <paramref name="Specific"/>: the address a client
/// asked for (option 50, a renewal), granted when the pool has it free. <paramref name="Urgent"/>: a client waits and
/// the bucket has nothing for it, so when the pool has nothing free either it calls on the other buckets to spare some.
/// <paramref name="AskId"/> comes back in <see cref="BlockRequestDone"/>.</summary>
public sealed record BlockRequest(string Pool, int Bucket, long LastGrantSeen, int Want, Ipv4Address? Specific, bool Urgent, long AskId)
    : IClusterMessage;

/// <summary>Addresses now owned by the bucket. <paramref name="Carried"/>: bindings and client records moved with them
/// (a pool migrated from a journal written before buckets existed).</summary>
public sealed record BlockGrant(string Pool, int Bucket, long GrantId, IReadOnlyList<Ipv4Address> Addresses, PoolSnapshot? Carried)
    : IClusterMessage;

/// <summary>The pool's answer once every pending grant has been sent: <paramref name="Shortage"/> = the pool could
/// not give what was wanted (nothing free there, and no other bucket had any to spare in time).</summary>
public sealed record BlockRequestDone(string Pool, int Bucket, long AskId, bool Shortage) : IClusterMessage;

/// <summary>The bucket has the grant durably: the pool stops re-sending it.</summary>
public sealed record BlockReceipt(string Pool, int Bucket, long GrantId) : IClusterMessage;

/// <summary>Free addresses the bucket no longer holds (already durable in its journal), for the pool to take back.</summary>
public sealed record BlockReturn(string Pool, int Bucket, long ReturnId, IReadOnlyList<Ipv4Address> Addresses) : IClusterMessage;

public sealed record BlockReturnAccepted(string Pool, int Bucket, long ReturnId) : IClusterMessage;

/// <summary>The pool ran dry: give back the free addresses you do not need. <paramref name="Specific"/>: only this
/// one, which a client of another bucket asks for — given back if free, else refused (<see cref="SpareRefused"/>).</summary>
public sealed record SpareAddresses(string Pool, int Bucket, Ipv4Address? Specific = null) : IClusterMessage;

/// <summary>The bucket holds <paramref name="Address"/> but not free (bound, offered, on probation).</summary>
public sealed record SpareRefused(string Pool, int Bucket, Ipv4Address Address) : IClusterMessage;

/// <summary>Wakes a bucket (sent periodically on every node) so its expiry runs after a restart or a move, without
/// remembered entities (unreliable at 1.5.73).</summary>
public sealed record WakeBucket(string Pool, int Bucket) : IClusterMessage;

/// <summary>A pool's query fanned out to its buckets (status counts, or also the leases).</summary>
public sealed record GetBucketView(string Pool, int Bucket, bool WithLeases) : IClusterMessage;

public sealed record BucketView(string Pool, int Bucket, int Held, int Free, int Offered, int Bound, int Declined, int InUse,
    int Blocked, long Exhausted, IReadOnlyList<Messages.Pools.LeaseInfo> Leases) : IClusterMessage;
