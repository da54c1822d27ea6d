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

    /// <summary>The same as <c>Of(ClientKey.From(clientId, mac))</c> without building the key: every node computes it for
    /// every broadcast it sees. The key is ASCII (lower-case hex, or "mac:" and the colon form of chaddr), so FNV-1a
    /// runs over the characters it would have.</summary>
    public static int OfClient(ReadOnlySpan<byte> clientId, Messages.Net.MacAddress mac)
    {
        const string hex = "0123456789abcdef";
        var h = 2166136261u;
        void Add(char c) => h = (h ^ (byte)c) * 16777619u;
        if (clientId.Length > 0)
        {
            foreach (var b in clientId)
            {
                Add(hex[b >> 4]);
                Add(hex[b & 0xf]);
            }
        }
        else
        {
            foreach (var c in "mac:") Add(c);
            for (var i = 5; i >= 0; i--)
            {
                var b = (int)(mac.Value >> (8 * i)) & 0xff;
                Add(hex[b >> 4]);
                Add(hex[b & 0xf]);
                if (i > 0) Add(':');
            }
        }
        return (int)(h % Count);
    }

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
