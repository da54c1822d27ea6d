using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.NetworkInformation;

namespace StaticDhcpd.Messages.Net;

/// <summary>A 48-bit Ethernet address; the staticDHCPd lookup key (chaddr). Printed lower-case, colon separated.</summary>
public readonly record struct MacAddress(ulong Value)
{
    public static MacAddress FromBytes(ReadOnlySpan<byte> b)
    {
        if (b.Length < 6) throw new ArgumentException("a MAC address needs 6 bytes");
        ulong v = 0;
        for (var i = 0; i < 6; i++) v = (v << 8) | b[i];
        return new MacAddress(v);
    }

    public void WriteTo(Span<byte> destination)
    {
        for (var i = 0; i < 6; i++) destination[i] = (byte)(Value >> (8 * (5 - i)));
    }

    public byte[] ToBytes()
    {
        var b = new byte[6];
        WriteTo(b);
        return b;
    }

    public PhysicalAddress ToPhysicalAddress() => new(ToBytes());

    /// <summary>Accepts any delimiter (or none) and any case, as staticDHCPd's INI reader does.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out MacAddress mac)
    {
        mac = default;
        if (text is null) return false;
        var hex = new string(text.Where(char.IsAsciiHexDigit).ToArray());
        var delimiters = text.Count(c => !char.IsAsciiHexDigit(c) && !char.IsWhiteSpace(c));
        if (hex.Length != 12 || (delimiters != 0 && delimiters != 5 && delimiters != 2)) return false;
        mac = new MacAddress(ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        return true;
    }

    public static MacAddress Parse(string text) =>
        TryParse(text, out var m) ? m : throw new FormatException($"not a MAC address: '{text}'");

    public override string ToString()
    {
        Span<byte> b = stackalloc byte[6];
        WriteTo(b);
        return $"{b[0]:x2}:{b[1]:x2}:{b[2]:x2}:{b[3]:x2}:{b[4]:x2}:{b[5]:x2}";
    }
}
