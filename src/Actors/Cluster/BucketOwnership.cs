using System.Text;
using Akka.Actor;

namespace StaticDhcpd.Actors.Clustering;

/// <summary>Which member owns a bucket: rendezvous (highest-random-weight) hashing. Each member's weight for a bucket
/// depends only on that member and that bucket, so the answer does not depend on member order, a join moves only the
/// buckets the joiner wins, and a removal moves only the removed member's buckets.</summary>
public static class BucketOwnership
{
    public static Address? OwnerOf(int bucket, IReadOnlyCollection<Address> members)
    {
        Address? best = null;
        string? bestText = null;
        var bestWeight = 0ul;
        foreach (var member in members)
        {
            var text = member.ToString();
            var weight = Weight(text, bucket);
            // Equal weights are all but impossible; the ordinal tie-break keeps the result independent of order anyway.
            if (best is null || weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(text, bestText) < 0))
            {
                best = member;
                bestText = text;
                bestWeight = weight;
            }
        }
        return best;
    }

    /// <summary>Mix64(FNV-1a 64 of the UTF-8 of "address|bucket"), e.g. "akka.tcp://staticdhcpd@10.77.0.11:4053|5".</summary>
    public static ulong Weight(string member, int bucket) =>
        StableHash.Mix64(StableHash.Fnv1a64(Encoding.UTF8.GetBytes($"{member}|{bucket}")));
}
