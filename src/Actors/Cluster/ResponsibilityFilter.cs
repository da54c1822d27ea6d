using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Clustering;

/// <summary>What the filter needs to know about one request (a struct: it is built for every packet every node sees).</summary>
/// <param name="WasBroadcast">Ingress.WasBroadcast: every node on the segment saw it.</param>
/// <param name="ServerIdentifier">Option 54 of the request, if present.</param>
/// <param name="OwnServerIdentifier">The server identifier this node answers with.</param>
/// <param name="Bucket">The client's bucket (<see cref="Buckets.Of"/>).</param>
public readonly record struct ResponsibilityQuery(bool WasBroadcast, Ipv4Address? ServerIdentifier, Ipv4Address OwnServerIdentifier, int Bucket);

public enum ResponsibilityVerdict
{
    Answer,
    LeaveToOther,
}

/// <summary>Which rule decided.</summary>
public enum ResponsibilityRule
{
    SelectedThisServer,
    SelectedAnotherServer,
    SentToThisServerOnly,
    BucketIsOurs,
    BucketIsAnothers,
}

public readonly record struct Responsibility(ResponsibilityRule Rule)
{
    public bool Answers => Rule is ResponsibilityRule.SelectedThisServer or ResponsibilityRule.SentToThisServerOnly
        or ResponsibilityRule.BucketIsOurs;

    public ResponsibilityVerdict Verdict => Answers ? ResponsibilityVerdict.Answer : ResponsibilityVerdict.LeaveToOther;

    /// <summary>Why, for debug logs (built only when logged).</summary>
    public string Describe(ResponsibilityQuery q, BucketTable table) => Rule switch
    {
        ResponsibilityRule.SelectedThisServer => $"client selected this server ({q.ServerIdentifier})",
        ResponsibilityRule.SelectedAnotherServer => $"client selected server {q.ServerIdentifier}",
        ResponsibilityRule.SentToThisServerOnly => "sent to this server only",
        ResponsibilityRule.BucketIsOurs => $"broadcast, bucket {q.Bucket} is ours",
        _ => $"broadcast, bucket {q.Bucket} belongs to {table.Owner(q.Bucket)?.ToString() ?? "no member yet"}",
    };
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
            return new(chosen == q.OwnServerIdentifier ? ResponsibilityRule.SelectedThisServer : ResponsibilityRule.SelectedAnotherServer);

        // Only this node got it (a relay pointed at one server, a renewal to a node whose buckets moved): the bucket's
        // entity answers through the cluster wherever it lives.
        if (!q.WasBroadcast)
            return new(ResponsibilityRule.SentToThisServerOnly);

        return new(table.IsMine(q.Bucket) ? ResponsibilityRule.BucketIsOurs : ResponsibilityRule.BucketIsAnothers);
    }
}
