using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Dhcp;

/// <summary>One sub-option of option 82, as the relay sent it.</summary>
public sealed record RelaySubOption(byte Code, byte[] Value)
{
    public const byte CircuitId = 1;       // RFC 3046
    public const byte RemoteId = 2;        // RFC 3046
    public const byte LinkSelection = 5;   // RFC 3527
}

/// <summary>
/// Option 82 (RFC 3046) read into its sub-options. Only for reading: replies echo the raw bytes of option 82
/// (DhcpOptions.Get(RelayAgentInformation)) so the relay gets back exactly what it sent.
/// </summary>
public sealed record RelayAgentInformation(IReadOnlyList<RelaySubOption> SubOptions)
{
    public byte[]? CircuitId => Find(RelaySubOption.CircuitId);
    public byte[]? RemoteId => Find(RelaySubOption.RemoteId);

    /// <summary>RFC 3527: the subnet the relay wants the address from, when it differs from giaddr.</summary>
    public Ipv4Address? LinkSelection => Find(RelaySubOption.LinkSelection) is { Length: 4 } v ? Ipv4Address.FromBytes(v) : null;

    public byte[]? Find(byte code)
    {
        foreach (var s in SubOptions)
            if (s.Code == code) return s.Value;
        return null;
    }

    /// <summary>Null when a sub-option's length runs past the end of the option or there is none.</summary>
    public static RelayAgentInformation? Parse(ReadOnlySpan<byte> value)
    {
        if (value.Length == 0) return null;
        var subs = new List<RelaySubOption>();
        var i = 0;
        while (i < value.Length)
        {
            if (i + 2 > value.Length) return null;
            var code = value[i];
            int len = value[i + 1];
            if (i + 2 + len > value.Length) return null;
            subs.Add(new RelaySubOption(code, value.Slice(i + 2, len).ToArray()));
            i += 2 + len;
        }
        return new RelayAgentInformation(subs);
    }

    /// <summary>The option 82 value for these sub-options (for relays and tests; servers echo what they got).</summary>
    public byte[] Encode()
    {
        var size = 0;
        foreach (var s in SubOptions)
        {
            if (s.Value.Length > 255) throw new InvalidOperationException($"relay sub-option {s.Code} longer than 255 bytes");
            size += 2 + s.Value.Length;
        }
        var b = new byte[size];
        var i = 0;
        foreach (var s in SubOptions)
        {
            b[i] = s.Code;
            b[i + 1] = (byte)s.Value.Length;
            s.Value.CopyTo(b, i + 2);
            i += 2 + s.Value.Length;
        }
        return b;
    }
}
