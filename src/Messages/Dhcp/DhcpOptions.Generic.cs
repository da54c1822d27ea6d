using System.Buffers.Binary;
using System.Text;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Dhcp;

/// <summary>
/// Typed reads and writes by code. Every getter returns null when the option is absent or its bytes do not
/// have the shape asked for; every setter removes the option when given null.
/// </summary>
public sealed partial class DhcpOptions
{
    public Ipv4Address? GetAddress(DhcpOptionCode code) =>
        Get(code) is { Length: 4 } v ? Ipv4Address.FromBytes(v) : null;

    public IReadOnlyList<Ipv4Address>? GetAddresses(DhcpOptionCode code)
    {
        if (Get(code) is not { Length: > 0 } v || v.Length % 4 != 0) return null;
        var list = new Ipv4Address[v.Length / 4];
        for (var i = 0; i < list.Length; i++) list[i] = Ipv4Address.FromBytes(v.AsSpan(i * 4, 4));
        return list;
    }

    public IReadOnlyList<Ipv4AddressPair>? GetAddressPairs(DhcpOptionCode code)
    {
        if (Get(code) is not { Length: > 0 } v || v.Length % 8 != 0) return null;
        var list = new Ipv4AddressPair[v.Length / 8];
        for (var i = 0; i < list.Length; i++)
            list[i] = new(Ipv4Address.FromBytes(v.AsSpan(i * 8, 4)), Ipv4Address.FromBytes(v.AsSpan(i * 8 + 4, 4)));
        return list;
    }

    public byte? GetByte(DhcpOptionCode code) => Get(code) is { Length: 1 } v ? v[0] : null;

    public ushort? GetUInt16(DhcpOptionCode code) =>
        Get(code) is { Length: 2 } v ? BinaryPrimitives.ReadUInt16BigEndian(v) : null;

    public IReadOnlyList<ushort>? GetUInt16s(DhcpOptionCode code)
    {
        if (Get(code) is not { Length: > 0 } v || v.Length % 2 != 0) return null;
        var list = new ushort[v.Length / 2];
        for (var i = 0; i < list.Length; i++) list[i] = BinaryPrimitives.ReadUInt16BigEndian(v.AsSpan(i * 2, 2));
        return list;
    }

    public uint? GetUInt32(DhcpOptionCode code) =>
        Get(code) is { Length: 4 } v ? BinaryPrimitives.ReadUInt32BigEndian(v) : null;

    public int? GetInt32(DhcpOptionCode code) =>
        Get(code) is { Length: 4 } v ? BinaryPrimitives.ReadInt32BigEndian(v) : null;

    /// <summary>RFC 2132 flags are one octet, 0 or 1; anything else reads as malformed (null).</summary>
    public bool? GetBool(DhcpOptionCode code) => Get(code) is { Length: 1 } v && v[0] <= 1 ? v[0] == 1 : null;

    /// <summary>
    /// The text of a string option. Trailing NULs are dropped: some clients send C strings although
    /// RFC 2132 says not to.
    /// </summary>
    public string? GetString(DhcpOptionCode code)
    {
        if (Get(code) is not { Length: > 0 } v) return null;
        var n = v.Length;
        while (n > 0 && v[n - 1] == 0) n--;
        return Encoding.UTF8.GetString(v, 0, n);
    }

    public void SetAddress(DhcpOptionCode code, Ipv4Address? value)
    {
        if (value is { } a) Set(code, a.ToBytes());
        else Remove(code);
    }

    public void SetAddresses(DhcpOptionCode code, IReadOnlyList<Ipv4Address>? value)
    {
        if (value is null) { Remove(code); return; }
        var b = new byte[value.Count * 4];
        for (var i = 0; i < value.Count; i++) value[i].WriteTo(b.AsSpan(i * 4));
        SetTyped(code, b);
    }

    public void SetAddressPairs(DhcpOptionCode code, IReadOnlyList<Ipv4AddressPair>? value)
    {
        if (value is null) { Remove(code); return; }
        var b = new byte[value.Count * 8];
        for (var i = 0; i < value.Count; i++)
        {
            value[i].First.WriteTo(b.AsSpan(i * 8));
            value[i].Second.WriteTo(b.AsSpan(i * 8 + 4));
        }
        SetTyped(code, b);
    }

    public void SetByte(DhcpOptionCode code, byte? value)
    {
        if (value is { } v) Set(code, [v]);
        else Remove(code);
    }

    public void SetUInt16(DhcpOptionCode code, ushort? value)
    {
        if (value is not { } v) { Remove(code); return; }
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, v);
        SetTyped(code, b);
    }

    public void SetUInt16s(DhcpOptionCode code, IReadOnlyList<ushort>? value)
    {
        if (value is null) { Remove(code); return; }
        var b = new byte[value.Count * 2];
        for (var i = 0; i < value.Count; i++) BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(i * 2), value[i]);
        SetTyped(code, b);
    }

    public void SetUInt32(DhcpOptionCode code, uint? value)
    {
        if (value is not { } v) { Remove(code); return; }
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, v);
        SetTyped(code, b);
    }

    public void SetInt32(DhcpOptionCode code, int? value)
    {
        if (value is not { } v) { Remove(code); return; }
        var b = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, v);
        SetTyped(code, b);
    }

    public void SetBool(DhcpOptionCode code, bool? value)
    {
        if (value is { } v) Set(code, [v ? (byte)1 : (byte)0]);
        else Remove(code);
    }

    public void SetString(DhcpOptionCode code, string? value)
    {
        if (value is null) Remove(code);
        else SetTyped(code, Encoding.UTF8.GetBytes(value));
    }

    // An empty list or string would encode as an option the catalogue (and so the decoder) calls malformed;
    // it means "nothing to say", so the option goes away instead.
    private void SetTyped(DhcpOptionCode code, byte[] value)
    {
        if (value.Length == 0 && !DhcpOptionCatalog.Get(code).IsValidLength(0)) Remove(code);
        else Set(code, value);
    }

    /// <summary>
    /// The value read the way the catalogue types the option: Ipv4Address, IReadOnlyList of Ipv4Address /
    /// Ipv4AddressPair / ushort / string / ClasslessRoute, byte, ushort, uint, int, bool, string,
    /// RelayAgentInformation, or byte[] (Bytes, Raw); true for a present Empty option. Null when absent or malformed.
    /// </summary>
    public object? GetValue(DhcpOptionCode code)
    {
        var value = Get(code);
        if (value is null) return null;
        return DhcpOptionCatalog.Get(code).Type switch
        {
            DhcpOptionValueType.Empty => value.Length == 0 ? true : null,
            DhcpOptionValueType.Address => GetAddress(code),
            DhcpOptionValueType.Addresses => GetAddresses(code),
            DhcpOptionValueType.AddressPairs => GetAddressPairs(code),
            DhcpOptionValueType.Byte => GetByte(code),
            DhcpOptionValueType.UInt16 => GetUInt16(code),
            DhcpOptionValueType.UInt16s => GetUInt16s(code),
            DhcpOptionValueType.UInt32 => GetUInt32(code),
            DhcpOptionValueType.Int32 => GetInt32(code),
            DhcpOptionValueType.Bool => GetBool(code),
            DhcpOptionValueType.String => GetString(code),
            DhcpOptionValueType.RelayAgentInformation => Dhcp.RelayAgentInformation.Parse(value),
            DhcpOptionValueType.ClasslessRoutes => ClasslessRouteEncoding.Decode(value),
            DhcpOptionValueType.DomainNames => DomainNameEncoding.Decode(value),
            DhcpOptionValueType.Bytes => value.Length > 0 ? value : null,
            _ => value,
        };
    }

    /// <summary>A readable form of the option's value, for logs ("10.0.0.1, 10.0.0.2", "3600", hex when raw or malformed).</summary>
    public string? Describe(DhcpOptionCode code)
    {
        var v = GetValue(code);
        return v switch
        {
            null => Get(code) is { } raw ? Convert.ToHexString(raw) : null,
            byte[] b => Convert.ToHexString(b),
            string s => s,
            System.Collections.IEnumerable e => string.Join(", ", e.Cast<object>()),
            _ => v.ToString(),
        };
    }
}
