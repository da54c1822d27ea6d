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

    /// <summary>The same as <c>Of(ClientKey.From(clientId, mac))</c> without building the key string: every node computes
    /// it for every broadcast it sees. The key is ASCII (lower-case hex, or "mac:" and the colon form of chaddr), so its
    /// UTF-8 bytes are written straight into a buffer.</summary>
    public static int OfClient(ReadOnlySpan<byte> clientId, Messages.Net.MacAddress mac)
    {
        if (clientId.Length == 0)
        {
            Span<byte> key = stackalloc byte[4 + 17];
            "mac:"u8.CopyTo(key);
            Span<byte> b = stackalloc byte[6];
            mac.WriteTo(b);
            for (var i = 0; i < 6; i++)
            {
                Convert.TryToHexStringLower(b.Slice(i, 1), key.Slice(4 + 3 * i, 2), out _);
                if (i < 5) key[6 + 3 * i] = (byte)':';
            }
            return (int)(StableHash.Fnv1a32(key) % Count);
        }
        var hex = clientId.Length <= 128 ? stackalloc byte[2 * clientId.Length] : new byte[2 * clientId.Length];
        Convert.TryToHexStringLower(clientId, hex, out _);
        return (int)(StableHash.Fnv1a32(hex) % Count);
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
