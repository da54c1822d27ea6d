using System.Text;

namespace StaticDhcpd.Messages.Dhcp;

/// <summary>
/// RFC 1035 §3.1/§4.1.4 name lists as option 119 carries them (RFC 3397): labels, a zero octet per name,
/// and compression pointers into the same option value (offsets count from the start of the value).
/// </summary>
public static class DomainNameEncoding
{
    private const int MaxNameLength = 255;

    /// <summary>Encodes the names, compressing shared suffixes. Throws on a label that is empty or over 63 bytes.</summary>
    public static byte[] Encode(IReadOnlyList<string> names)
    {
        var output = new List<byte>();
        var suffixes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            var labels = Split(name);
            var done = false;
            for (var i = 0; i < labels.Length; i++)
            {
                var suffix = string.Join('.', labels, i, labels.Length - i);
                if (suffixes.TryGetValue(suffix, out var at))
                {
                    output.Add((byte)(0xC0 | (at >> 8)));
                    output.Add((byte)at);
                    done = true;
                    break;
                }
                // Pointers hold 14 bits of offset; beyond that the suffix just is not offered for reuse.
                if (output.Count < 0x4000) suffixes[suffix] = output.Count;
                var bytes = Encoding.ASCII.GetBytes(labels[i]);
                output.Add((byte)bytes.Length);
                output.AddRange(bytes);
            }
            if (!done) output.Add(0);
        }
        return output.ToArray();
    }

    /// <summary>Null when a label or pointer runs past the end, a pointer does not point backwards, or a name exceeds 255 bytes.</summary>
    public static IReadOnlyList<string>? Decode(ReadOnlySpan<byte> value)
    {
        if (value.Length == 0) return null;
        var names = new List<string>();
        var sb = new StringBuilder();
        var i = 0;
        while (i < value.Length)
        {
            var next = ReadName(value, i, sb);
            if (next < 0) return null;
            names.Add(sb.ToString());
            i = next;
        }
        return names;
    }

    // Reads the name at `start` into sb; returns the offset after it in the uncompressed stream, or -1.
    private static int ReadName(ReadOnlySpan<byte> value, int start, StringBuilder sb)
    {
        sb.Clear();
        var pos = start;
        var resumeAt = -1;
        var length = 0;
        // Each pointer must point strictly before the label that holds it, so jumps strictly decrease: no loops.
        var limit = start;
        while (true)
        {
            if (pos >= value.Length) return -1;
            int len = value[pos];
            if (len == 0)
            {
                if (resumeAt < 0) resumeAt = pos + 1;
                return resumeAt;
            }
            if ((len & 0xC0) == 0xC0)
            {
                if (pos + 1 >= value.Length) return -1;
                var target = ((len & 0x3F) << 8) | value[pos + 1];
                if (target >= limit) return -1;
                if (resumeAt < 0) resumeAt = pos + 2;
                limit = target;
                pos = target;
                continue;
            }
            if ((len & 0xC0) != 0) return -1; // 0x40/0x80 label types are not used by RFC 3397
            if (pos + 1 + len > value.Length) return -1;
            length += len + 1;
            if (length > MaxNameLength) return -1;
            if (sb.Length > 0) sb.Append('.');
            foreach (var c in value.Slice(pos + 1, len)) sb.Append((char)c);
            pos += 1 + len;
        }
    }

    private static string[] Split(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (trimmed.Length == 0) throw new ArgumentException("empty domain name");
        var labels = trimmed.Split('.');
        foreach (var l in labels)
        {
            if (l.Length is 0 or > 63) throw new ArgumentException($"bad label in domain name '{name}'");
            if (!Ascii.IsValid(l)) throw new ArgumentException($"non-ASCII domain name '{name}'");
        }
        return labels;
    }
}
