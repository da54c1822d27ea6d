using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Clustering;

/// <summary>What the filter needs to know about one request.</summary>
/// <param name="WasBroadcast">Ingress.WasBroadcast: every node on the segment saw it.</param>
/// <param name="ServerIdentifier">Option 54 of the request, if present.</param>
/// <param name="OwnServerIdentifier">The server identifier this node answers with.</param>
/// <param name="Bucket">The client's bucket (<see cref="Buckets.Of"/>).</param>
public sealed record ResponsibilityQuery(bool WasBroadcast, Ipv4Address? ServerIdentifier, Ipv4Address OwnServerIdentifier, int Bucket);

public enum ResponsibilityVerdict
{
    Answer,
    LeaveToOther,
}

/// <param name="Reason">Why, for debug logs.</param>
public sealed record Responsibility(ResponsibilityVerdict Verdict, string Reason)
{
    public bool Answers => Verdict == ResponsibilityVerdict.Answer;
}

/// <summary>Whether this node answers a request, so that exactly one node does (in the spirit of RFC 3074 load
/// balancing, Kea's QueryFilter): the server the client selected, else the node the request was sent to, else, for a
/// broadcast every node saw, the bucket's owner.</summary>
public static class ResponsibilityFilter
{
    public static Responsibility Decide(ResponsibilityQuery q, BucketTable table)
    {
        // REQUEST (selecting), DECLINE, RELEASE name the server whose offer or lease they concern.
        if (q.ServerIdentifier is { } chosen)
            return chosen == q.OwnServerIdentifier
                ? new Responsibility(ResponsibilityVerdict.Answer, $"client selected this server ({chosen})")
                : new Responsibility(ResponsibilityVerdict.LeaveToOther, $"client selected server {chosen}");

        // Only this node got it (a relay pointed at one server, a renewal to a node whose buckets moved): the bucket's
        // entity answers through the cluster wherever it lives.
        if (!q.WasBroadcast)
            return new Responsibility(ResponsibilityVerdict.Answer, "sent to this server only");

        return table.IsMine(q.Bucket)
            ? new Responsibility(ResponsibilityVerdict.Answer, $"broadcast, bucket {q.Bucket} is ours")
            : new Responsibility(ResponsibilityVerdict.LeaveToOther,
                $"broadcast, bucket {q.Bucket} belongs to {table.Owner(q.Bucket)?.ToString() ?? "no member yet"}");
    }
}
