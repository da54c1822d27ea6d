namespace StaticDhcpd.Actors.Statistics;

/// <summary>
/// The buckets' journal writes as the buckets see them (Akka.Persistence.Sql 1.5.73 reports nothing of its own):
/// one write is one group commit, from its start to the moment it is durable and its ACKs may leave. Written by every
/// bucket on this node, read by /metrics; the average batch is events / writes, the average latency seconds / writes.
/// </summary>
public sealed class JournalCounters
{
    private long _writes, _events, _ticks, _failures, _rejections;

    public long Writes => Interlocked.Read(ref _writes);
    public long Events => Interlocked.Read(ref _events);
    public double Seconds => TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalSeconds;
    /// <summary>Writes the journal failed (database unreachable, disk full): the bucket stops and recovers.</summary>
    public long Failures => Interlocked.Read(ref _failures);
    /// <summary>Events the journal refused (serialization): the bucket stops and recovers.</summary>
    public long Rejections => Interlocked.Read(ref _rejections);

    public void CountWrite(int events, TimeSpan took)
    {
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _ticks, took.Ticks);
    }

    public void CountFailure() => Interlocked.Increment(ref _failures);
    public void CountRejection() => Interlocked.Increment(ref _rejections);
}
