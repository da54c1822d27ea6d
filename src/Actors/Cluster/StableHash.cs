namespace StaticDhcpd.Actors.Clustering;

/// <summary>Hashes that give the same value in every process, runtime and release (never string.GetHashCode, which is
/// randomised per process): every node must put a client in the same bucket and a bucket on the same member.</summary>
public static class StableHash
{
    /// <summary>FNV-1a, 32 bits.</summary>
    public static uint Fnv1a32(ReadOnlySpan<byte> data)
    {
        var h = 2166136261u;
        foreach (var b in data) h = (h ^ b) * 16777619u;
        return h;
    }

    /// <summary>FNV-1a, 64 bits.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<byte> data)
    {
        var h = 14695981039346656037ul;
        foreach (var b in data) h = (h ^ b) * 1099511628211ul;
        return h;
    }

    /// <summary>MurmurHash3's 64-bit finaliser: FNV's last bytes reach only the low bits, and rendezvous hashing compares
    /// whole 64-bit weights of strings that differ in their last characters (port, bucket).</summary>
    public static ulong Mix64(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdul;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53ul;
        x ^= x >> 33;
        return x;
    }
}
