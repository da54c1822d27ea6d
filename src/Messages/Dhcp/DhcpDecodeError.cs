namespace StaticDhcpd.Messages.Dhcp;

/// <summary>Why a datagram was not accepted as a DHCP message; the socket counts these and drops the datagram.</summary>
public enum DhcpDecodeError
{
    None,
    /// <summary>Shorter than the 236-byte BOOTP header plus the 4-byte cookie.</summary>
    TruncatedHeader,
    BadMagicCookie,
    /// <summary>op is neither BOOTREQUEST nor BOOTREPLY.</summary>
    BadOp,
    /// <summary>hlen larger than the 16 bytes of chaddr.</summary>
    BadHardwareAddressLength,
    /// <summary>An option's length octet (or the length octet itself) lies past the end of its field.</summary>
    OptionOverrunsBuffer,
    /// <summary>A field holding options has no END option.</summary>
    MissingEnd,
    /// <summary>An option's length does not suit its type (e.g. 53 not 1 byte, 50/54 not 4, zero-length where data is required).</summary>
    BadOptionLength,
    /// <summary>Option 52 appears twice, or inside sname/file (pointing into itself).</summary>
    OverloadLoop,
    /// <summary>Option 52 is not 1, 2 or 3.</summary>
    BadOverloadValue,
    /// <summary>No option 53: a plain BOOTP message, which this server does not serve.</summary>
    MissingMessageType,
    /// <summary>Option 53 holds a value that is no DHCP message type.</summary>
    BadMessageType,
}
