using System.Globalization;
using System.Text;

// Not StaticDhcpd.Actors.Cluster: a namespace named Cluster there would hide Akka's Cluster class (Cluster.Get) from
// all code under StaticDhcpd.Actors.
namespace StaticDhcpd.Actors.Clustering;

/// <summary>A pool's clients split into <see cref="Count"/> buckets by client key; one lease entity per bucket, entity
/// and shard id <c>pool|n</c>. The bucket of a key is persisted in effect (its leases live in that bucket's journal), so
/// this function must never change.</summary>
public static class Buckets
{
    public const int Count = 16;

    /// <summary>FNV-1a 32 over the key's UTF-8 bytes, mod <see cref="Count"/>.</summary>
    public static int Of(string clientKey) => (int)(StableHash.Fnv1a32(Encoding.UTF8.GetBytes(clientKey)) % Count);

    public static string EntityId(string pool, int bucket) => $"{pool}|{bucket}";

    /// <summary>Accepts only ids <see cref="EntityId"/> makes: a non-empty pool without '|' and a bucket in range written
    /// without sign or leading zeros.</summary>
    public static bool TryParseEntityId(string id, out string pool, out int bucket)
    {
        pool = "";
        bucket = -1;
        var bar = id.IndexOf('|');
        if (bar <= 0) return false;
        if (!int.TryParse(id.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        if (n >= Count || EntityId(id[..bar], n) != id) return false;
        pool = id[..bar];
        bucket = n;
        return true;
    }
}
