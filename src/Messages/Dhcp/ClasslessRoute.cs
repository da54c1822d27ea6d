using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Dhcp;

/// <summary>One RFC 3442 route: traffic for Destination/PrefixLength goes to Router (0.0.0.0 = on-link).</summary>
public sealed record ClasslessRoute
{
    public ClasslessRoute(Ipv4Address destination, int prefixLength, Ipv4Address router)
    {
        if (prefixLength is < 0 or > 32) throw new ArgumentOutOfRangeException(nameof(prefixLength), "0..32");
        Destination = destination;
        PrefixLength = prefixLength;
        Router = router;
    }

    public Ipv4Address Destination { get; }
    public int PrefixLength { get; }
    public Ipv4Address Router { get; }

    public void Deconstruct(out Ipv4Address destination, out int prefixLength, out Ipv4Address router) =>
        (destination, prefixLength, router) = (Destination, PrefixLength, Router);
}

/// <summary>RFC 3442 §3: width octet, only the significant octets of the destination, then the router.</summary>
public static class ClasslessRouteEncoding
{
    public static byte[] Encode(IReadOnlyList<ClasslessRoute> routes)
    {
        var size = 0;
        foreach (var r in routes) size += 1 + SignificantOctets(r.PrefixLength) + 4;
        var b = new byte[size];
        var i = 0;
        Span<byte> dest = stackalloc byte[4];
        foreach (var r in routes)
        {
            b[i++] = (byte)r.PrefixLength;
            var n = SignificantOctets(r.PrefixLength);
            Mask(r.Destination, r.PrefixLength).WriteTo(dest);
            dest[..n].CopyTo(b.AsSpan(i));
            i += n;
            r.Router.WriteTo(b.AsSpan(i));
            i += 4;
        }
        return b;
    }

    /// <summary>Null when a width exceeds 32 or a descriptor runs past the end.</summary>
    public static IReadOnlyList<ClasslessRoute>? Decode(ReadOnlySpan<byte> value)
    {
        if (value.Length == 0) return null;
        var routes = new List<ClasslessRoute>();
        Span<byte> dest = stackalloc byte[4];
        var i = 0;
        while (i < value.Length)
        {
            int width = value[i++];
            if (width > 32) return null;
            var n = SignificantOctets(width);
            if (i + n + 4 > value.Length) return null;
            dest.Clear();
            value.Slice(i, n).CopyTo(dest);
            i += n;
            var router = Ipv4Address.FromBytes(value.Slice(i, 4));
            i += 4;
            routes.Add(new ClasslessRoute(Mask(Ipv4Address.FromBytes(dest), width), width, router));
        }
        return routes;
    }

    private static int SignificantOctets(int width) => (width + 7) / 8;

    // Host bits past the prefix carry no meaning in a descriptor; clearing them keeps decode(encode(x)) stable.
    private static Ipv4Address Mask(Ipv4Address a, int width) =>
        new(width == 0 ? 0u : a.Value & (0xFFFFFFFFu << (32 - width)));
}
