namespace StaticDhcpd.Node.Api;

// The /api/v1 documents of docs/management-api.md, serialized with ASP.NET Core's web defaults (camelCase). Times
// are DateTime in UTC so they are written with a Z.

public sealed record PoolJson(string Name, string Subnet, IReadOnlyList<string> Ranges, long LeaseTime, int Total, int Free,
    int Offered, int Bound, int Declined, int InUse, int BlockedClients);

/// <summary><paramref name="State"/>: offered, bound, declined, in-use. <paramref name="ClientId"/>: option 61 as
/// colon hex, null when the client sent none (its lease is keyed by its MAC).</summary>
public sealed record LeaseJson(string Address, string? Mac, string? ClientId, string Pool, string State, DateTime Expires,
    string? Hostname);

public sealed record LeasePageJson(int Total, int Offset, int Limit, IReadOnlyList<LeaseJson> Items);

/// <summary>The body of POST /api/v1/leases (an operator-made lease); everything optional here so a missing field is
/// named in a 400. <paramref name="LeaseTime"/> in seconds, default the pool's.</summary>
public sealed record LeaseBody(string? Pool, string? Mac, string? Address, string? ClientId, long? LeaseTime, string? Hostname);

public sealed record ReleasedJson(string Released, string? Mac, string Pool);

public sealed record MapJson(string Mac, string Ip, string? Hostname, string Subnet, int Serial);

public sealed record MapPageJson(int Total, int Offset, int Limit, IReadOnlyList<MapJson> Items);

/// <summary>The body of POST /api/v1/maps; everything optional here so a missing field is named in a 400.</summary>
public sealed record MapBody(string? Mac, string? Ip, string? Hostname, string? Subnet, int? Serial);

public sealed record FlushedJson(int EntriesDropped);

/// <summary>A pool's ARP scan. <paramref name="State"/>: idle, running, finished, cancelled, unavailable (then
/// <paramref name="Note"/> says why); <paramref name="Percent"/> probed of total, whole, 0 for an empty pool.</summary>
public sealed record ScanJson(string Pool, string State, int Total, int Probed, int Answered, int Percent, DateTime? StartedAt,
    DateTime? FinishedAt, string? Interface, string? Note);

public sealed record StatisticsJson(string Node, IReadOnlyDictionary<string, long> Counters, IReadOnlyList<PoolJson> Pools);
