namespace StaticDhcpd.Messages.Dhcp;

/// <summary>What the catalogue knows about one option code.</summary>
/// <param name="MinLength">Shortest valid value; decoding rejects a packet whose option is shorter.</param>
/// <param name="IsKnown">False for codes the catalogue does not describe (kept and passed on as raw bytes).</param>
public sealed record DhcpOptionInfo(DhcpOptionCode Code, string Name, DhcpOptionValueType Type, int MinLength, bool IsKnown)
{
    /// <summary>Whether <paramref name="length"/> bytes is a well-formed value for this option.</summary>
    public bool IsValidLength(int length) => length >= MinLength && Type switch
    {
        DhcpOptionValueType.Empty => length == 0,
        DhcpOptionValueType.Address or DhcpOptionValueType.UInt32 or DhcpOptionValueType.Int32 => length == 4,
        DhcpOptionValueType.Addresses => length % 4 == 0,
        DhcpOptionValueType.AddressPairs => length % 8 == 0,
        DhcpOptionValueType.Byte or DhcpOptionValueType.Bool => length == 1,
        DhcpOptionValueType.UInt16 => length == 2,
        DhcpOptionValueType.UInt16s => length % 2 == 0,
        _ => true,
    };
}
