namespace StaticDhcpd.Messages.Pools;

/// <summary>Scan a pool's ranges by ARP now (pool region: the node hosting the pool entity scans, so one node scans a
/// pool at a time). Answered with <see cref="PoolScanProgress"/>: Running when started (or already running),
/// Unavailable with a note when this node cannot scan the pool.</summary>
public sealed record StartPoolScan(string Pool) : IPoolProtocolMessage;

/// <summary>How a pool's last or current scan stands (pool region). Answered with <see cref="PoolScanProgress"/>.</summary>
public sealed record GetPoolScan(string Pool) : IPoolProtocolMessage;

public enum PoolScanState
{
    /// <summary>Never scanned since the pool entity started.</summary>
    Idle,
    Running,
    Finished,
    Cancelled,
    /// <summary>No served interface faces the pool's subnet (a relayed pool), or ARP cannot be sent there (no
    /// CAP_NET_RAW): <see cref="PoolScanProgress.Note"/> says which.</summary>
    Unavailable,
}

/// <summary><paramref name="Total"/> addresses in the pool's ranges; <paramref name="Probed"/> of them have had at least
/// one request; <paramref name="Answered"/> answered (each counted once); <paramref name="Interface"/> the interface
/// scanned on.</summary>
public sealed record PoolScanProgress(
    string Pool,
    PoolScanState State,
    int Total,
    int Probed,
    int Answered,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Interface,
    string? Note) : IPoolProtocolMessage;
