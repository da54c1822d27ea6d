using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Statistics;

/// <summary>
/// Node-wide packet counters, written lock-free from the socket threads and actors, read by the
/// management API and metrics. Every dropped packet is counted under the reason it was dropped.
/// </summary>
public sealed class DhcpCounters
{
    private readonly long[] _malformed = new long[Enum.GetValues<DhcpDecodeError>().Length + 1];
    private readonly long[] _methods = new long[Enum.GetValues<DhcpMethod>().Length];
    private readonly long[] _replies = new long[256];
    private long _received, _invalid, _refusedByPolicy, _suspended, _ignored, _silent, _sendErrors, _sourceFailures, _poolTimeouts, _leftToPeer;

    public long Received => Interlocked.Read(ref _received);
    public long Invalid => Interlocked.Read(ref _invalid);
    public long RefusedByPolicy => Interlocked.Read(ref _refusedByPolicy);
    public long Suspended => Interlocked.Read(ref _suspended);
    public long Ignored => Interlocked.Read(ref _ignored);
    public long Silent => Interlocked.Read(ref _silent);
    public long SendErrors => Interlocked.Read(ref _sendErrors);
    public long SourceFailures => Interlocked.Read(ref _sourceFailures);
    /// <summary>Requests whose pool answer did not come back in time (the client retransmits).</summary>
    public long PoolTimeouts => Interlocked.Read(ref _poolTimeouts);
    public long MalformedTotal => _malformed.Sum();

    public void CountReceived() => Interlocked.Increment(ref _received);
    public void CountMalformed(DhcpDecodeError e) => Interlocked.Increment(ref _malformed[(int)e]);
    public void CountInvalid() => Interlocked.Increment(ref _invalid);
    public void CountMethod(DhcpMethod m) => Interlocked.Increment(ref _methods[(int)m]);
    public void CountRefusedByPolicy() => Interlocked.Increment(ref _refusedByPolicy);
    public void CountSuspended() => Interlocked.Increment(ref _suspended);
    public void CountIgnored() => Interlocked.Increment(ref _ignored);
    public void CountSilent() => Interlocked.Increment(ref _silent);
    public void CountReply(DhcpMessageType t) => Interlocked.Increment(ref _replies[(byte)t]);
    public void CountSendError() => Interlocked.Increment(ref _sendErrors);
    public void CountSourceFailure() => Interlocked.Increment(ref _sourceFailures);
    public void CountPoolTimeout() => Interlocked.Increment(ref _poolTimeouts);
    /// <summary>A broadcast another cluster member answers (its bucket, or the server the client selected).</summary>
    public void CountLeftToPeer() => Interlocked.Increment(ref _leftToPeer);

    public long Malformed(DhcpDecodeError e) => Interlocked.Read(ref _malformed[(int)e]);
    public long Method(DhcpMethod m) => Interlocked.Read(ref _methods[(int)m]);
    public long Replies(DhcpMessageType t) => Interlocked.Read(ref _replies[(byte)t]);

    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var d = new Dictionary<string, long>
        {
            ["received"] = Received, ["malformed"] = MalformedTotal, ["invalid"] = Invalid,
            ["refused-by-policy"] = RefusedByPolicy, ["suspended"] = Suspended, ["ignored"] = Ignored,
            ["silent"] = Silent, ["send-errors"] = SendErrors, ["source-failures"] = SourceFailures,
            ["pool-timeouts"] = PoolTimeouts, ["left-to-peer"] = Interlocked.Read(ref _leftToPeer),
        };
        foreach (var e in Enum.GetValues<DhcpDecodeError>())
            if (e != DhcpDecodeError.None) d[$"malformed.{e}"] = Malformed(e);
        foreach (var m in Enum.GetValues<DhcpMethod>()) d[$"method.{m.ToWireName()}"] = Method(m);
        foreach (var t in new[] { DhcpMessageType.Offer, DhcpMessageType.Ack, DhcpMessageType.Nak })
            d[$"reply.{t}"] = Replies(t);
        return d;
    }
}
