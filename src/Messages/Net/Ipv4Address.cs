using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace StaticDhcpd.Messages.Net;

/// <summary>An IPv4 address as a host-order uint: cheap to compare, hash and range over (pools).</summary>
public readonly record struct Ipv4Address(uint Value) : IComparable<Ipv4Address>
{
    public static readonly Ipv4Address Any = new(0);
    public static readonly Ipv4Address Broadcast = new(0xFFFFFFFF);

    public bool IsAny => Value == 0;

    public static Ipv4Address FromBytes(ReadOnlySpan<byte> b) => new(BinaryPrimitives.ReadUInt32BigEndian(b));

    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    public byte[] ToBytes()
    {
        var b = new byte[4];
        WriteTo(b);
        return b;
    }

    public IPAddress ToIPAddress() => new(ToBytes());

    public static Ipv4Address FromIPAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            throw new ArgumentException($"not an IPv4 address: {address}");
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return FromBytes(b);
    }

    public static Ipv4Address Parse(string text) =>
        TryParse(text, out var a) ? a : throw new FormatException($"not an IPv4 address: '{text}'");

    public static bool TryParse([NotNullWhen(true)] string? text, out Ipv4Address address)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split('.');
        if (parts.Length != 4) return false;
        uint v = 0;
        foreach (var p in parts)
        {
            if (p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || !byte.TryParse(p, out var octet)) return false;
            v = (v << 8) | octet;
        }
        address = new Ipv4Address(v);
        return true;
    }

    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);

    public override string ToString() =>
        $"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}";
}
