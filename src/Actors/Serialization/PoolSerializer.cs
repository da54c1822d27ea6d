using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Pools.Internal;
using StaticDhcpd.Messages.Events;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Webhook;

namespace StaticDhcpd.Actors.Serialization;

/// <summary>
/// System.Text.Json with stable string manifests for everything the pools persist or send across nodes. The journal
/// holds "pool.address-bound.v1" and readable JSON (addresses as "10.0.0.1", MACs as "aa:bb:…", enums by name),
/// never a .NET type name, so renaming or moving a class does not break recovery. A changed shape gets a new ".v2"
/// manifest with the old one still read. Unlisted types throw: with allow-unregistered-types = false nothing falls
/// back to Newtonsoft silently. The one exception to the object form is the pool snapshot (v2), which holds every
/// binding and client record and is written positionally by <see cref="PoolSnapshotCodec"/>, and the bucket snapshot,
/// which holds one (<see cref="BucketSnapshotCodec"/>).
/// </summary>
public sealed class PoolSerializer : SerializerWithStringManifest
{
    public const int Id = 4301;

    private const string SnapshotV2 = "pool.snapshot.v2";
    private const string BucketSnapshotV1 = "bucket.snapshot.v1";

    private static readonly (Type Type, string Manifest)[] Table =
    [
        // persisted events (never rename a manifest)
        (typeof(AddressBound), "pool.address-bound.v1"),
        (typeof(AddressReleased), "pool.address-released.v1"),
        (typeof(AddressDeclined), "pool.address-declined.v1"),
        (typeof(AddressExpired), "pool.address-expired.v1"),
        (typeof(AddressSeenInUse), "pool.address-seen-in-use.v1"),
        (typeof(ClientBlocked), "pool.client-blocked.v1"),
        (typeof(ClientUnblocked), "pool.client-unblocked.v1"),
        (typeof(ClientReleased), "pool.client-released.v1"),
        (typeof(LeaseGranted), "lease.granted.v1"),
        (typeof(LeaseEnded), "lease.ended.v1"),
        (typeof(BlockGranted), "pool.block-granted.v1"),
        (typeof(BlockDelivered), "pool.block-delivered.v1"),
        (typeof(BlockReclaimed), "pool.block-reclaimed.v1"),
        (typeof(PoolMigrated), "pool.migrated.v1"),
        (typeof(BlockReceived), "bucket.block-received.v1"),
        (typeof(BlockGivenBack), "bucket.block-given-back.v1"),
        (typeof(BlockReturnConfirmed), "bucket.block-return-confirmed.v1"),
        // snapshots
        (typeof(PoolSnapshot), SnapshotV2), // its own positional encoding: PoolSnapshotCodec
        (typeof(PoolLedgerSnapshot), "pool.ledger-snapshot.v1"),
        (typeof(BucketSnapshot), BucketSnapshotV1), // its book in PoolSnapshotCodec's encoding
        (typeof(LeaseRecord), "lease.snapshot.v1"),
        // between entities
        (typeof(WakePool), "pool.wake.v1"),
        (typeof(BlockRequest), "pool.block-request.v1"),
        (typeof(BlockGrant), "pool.block-grant.v1"),
        (typeof(BlockRequestDone), "pool.block-request-done.v1"),
        (typeof(BlockReceipt), "pool.block-receipt.v1"),
        (typeof(BlockReturn), "pool.block-return.v1"),
        (typeof(BlockReturnAccepted), "pool.block-return-accepted.v1"),
        (typeof(SpareAddresses), "pool.spare-addresses.v1"),
        (typeof(SpareRefused), "pool.spare-refused.v1"),
        (typeof(WakeBucket), "bucket.wake.v1"),
        (typeof(GetBucketView), "bucket.get-view.v1"),
        (typeof(BucketView), "bucket.view.v1"),
        // the public protocol (StaticDhcpd.Messages.Pools)
        (typeof(LeaseRequest), "lease.request.v1"),
        (typeof(LeaseReply), "lease.reply.v1"),
        (typeof(ReleaseClientLease), "lease.release-client.v1"),
        (typeof(ClientLeaseReleased), "lease.client-released.v1"),
        (typeof(AssignClientLease), "lease.assign.v1"),
        (typeof(ClientLeaseAssigned), "lease.assigned.v1"),
        (typeof(GetClientLease), "lease.get-record.v1"),
        (typeof(ClientLeaseRecord), "lease.record.v1"),
        (typeof(LeaseHistoryEntry), "lease.history-entry.v1"),
        (typeof(GetPoolStatus), "pool.get-status.v1"),
        (typeof(PoolStatus), "pool.status.v1"),
        (typeof(GetLeases), "pool.get-leases.v1"),
        (typeof(PoolLeases), "pool.leases.v1"),
        (typeof(LeaseInfo), "pool.lease-info.v1"),
        (typeof(StartPoolScan), "pool.start-scan.v1"),
        (typeof(GetPoolScan), "pool.get-scan.v1"),
        (typeof(PoolScanProgress), "pool.scan-progress.v1"),
        // management events, published to the cluster's event stream (DistributedPubSub)
        (typeof(LeaseGrantedNotice), "event.lease-granted.v1"),
        (typeof(LeaseReleasedNotice), "event.lease-released.v1"),
        (typeof(LeaseExpiredNotice), "event.lease-expired.v1"),
        (typeof(LeaseDeclinedNotice), "event.lease-declined.v1"),
        (typeof(UnknownMacSeen), "event.unknown-mac.v1"),
        (typeof(MemberJoinedNotice), "event.member-joined.v1"),
        (typeof(MemberLeftNotice), "event.member-left.v1"),
    ];

    /// <summary>Manifests still read but no longer written: an older shape that the current type reads as it is.</summary>
    private static readonly (string Manifest, Type Type)[] ReadOnly =
    [
        // v1: the object form, without client records (Clients is null); ClientBook rebuilds them from the bindings.
        ("pool.snapshot.v1", typeof(PoolSnapshot)),
    ];

    private static readonly Dictionary<Type, string> ManifestByType = Table.ToDictionary(t => t.Type, t => t.Manifest);
    private static readonly Dictionary<string, Type> TypeByManifest =
        Table.Select(t => (t.Manifest, t.Type)).Concat(ReadOnly).ToDictionary(t => t.Manifest, t => t.Type);

    internal static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new Ipv4AddressJsonConverter(), new MacAddressJsonConverter(), new JsonStringEnumConverter() },
    };

    public PoolSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => Id;

    /// <summary>Every type this serializer writes, with its manifest (for tests and documentation).</summary>
    public static IReadOnlyList<(Type Type, string Manifest)> Registered => Table;

    /// <summary>Older manifests still read, with the type they are read as.</summary>
    public static IReadOnlyList<(string Manifest, Type Type)> ReadOnlyManifests => ReadOnly;

    public override string Manifest(object o) =>
        ManifestByType.TryGetValue(o.GetType(), out var m)
            ? m
            : throw new ArgumentException($"{o.GetType().FullName} has no manifest in {nameof(PoolSerializer)}; add one");

    public override byte[] ToBinary(object obj)
    {
        var type = obj.GetType();
        if (!ManifestByType.ContainsKey(type))
            throw new ArgumentException($"{type.FullName} has no manifest in {nameof(PoolSerializer)}; add one");
        if (obj is PoolSnapshot snapshot) return PoolSnapshotCodec.Write(snapshot);
        if (obj is BucketSnapshot bucket) return BucketSnapshotCodec.Write(bucket);
        return JsonSerializer.SerializeToUtf8Bytes(obj, type, Json);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!TypeByManifest.TryGetValue(manifest, out var type))
            throw new SerializationException($"unknown manifest '{manifest}' for {nameof(PoolSerializer)}");
        if (manifest == SnapshotV2) return PoolSnapshotCodec.Read(bytes);
        if (manifest == BucketSnapshotV1) return BucketSnapshotCodec.Read(bytes);
        return JsonSerializer.Deserialize(bytes, type, Json)
               ?? throw new SerializationException($"'{manifest}' deserialized to null: {Encoding.UTF8.GetString(bytes)}");
    }
}

internal sealed class Ipv4AddressJsonConverter : JsonConverter<Ipv4Address>
{
    public override Ipv4Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Ipv4Address.TryParse(reader.GetString(), out var a) ? a : throw new JsonException($"not an IPv4 address: {reader.GetString()}");

    public override void Write(Utf8JsonWriter writer, Ipv4Address value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

internal sealed class MacAddressJsonConverter : JsonConverter<MacAddress>
{
    public override MacAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        MacAddress.TryParse(reader.GetString(), out var m) ? m : throw new JsonException($"not a MAC address: {reader.GetString()}");

    public override void Write(Utf8JsonWriter writer, MacAddress value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
