using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Pools;

/// <summary>A pool's durable state, so recovery reads one snapshot and the events after it, not the whole history.
/// <paramref name="Free"/> is in LRU order (oldest first). <paramref name="Clients"/>: every client's record (v2; null
/// in a v1 snapshot, written before the pool kept them).</summary>
public sealed record PoolSnapshot(
    IReadOnlyList<Ipv4Address> Free,
    IReadOnlyList<PoolSnapshot.BoundEntry> Bound,
    IReadOnlyList<PoolSnapshot.QuarantineEntry> Quarantined,
    IReadOnlyList<string> Blocked,
    IReadOnlyList<PoolSnapshot.ClientEntry>? Clients = null) : IPersistedSnapshot
{
    public sealed record ClientEntry(string ClientKey, LeaseRecord Record);

    public sealed record BoundEntry(Ipv4Address Address, string ClientKey, MacAddress Mac, DateTimeOffset BoundAt,
        DateTimeOffset ExpiresAt, string? Hostname, int Renewals);

    public sealed record QuarantineEntry(Ipv4Address Address, AddressState Kind, string? ClientKey, MacAddress? Mac, DateTimeOffset Until);
}
