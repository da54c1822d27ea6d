namespace StaticDhcpd.Messages.Dhcp;

/// <summary>How an option's bytes are to be read; drives validation on decode and <see cref="DhcpOptions.GetValue"/>.</summary>
public enum DhcpOptionValueType
{
    /// <summary>Opaque bytes, any length (unknown options, vendor data).</summary>
    Raw,
    /// <summary>No data at all (rapid commit).</summary>
    Empty,
    Address,
    /// <summary>One or more addresses.</summary>
    Addresses,
    /// <summary>One or more pairs of addresses (policy filter, static route).</summary>
    AddressPairs,
    Byte,
    /// <summary>One or more bytes (parameter request list, client identifier).</summary>
    Bytes,
    UInt16,
    /// <summary>One or more 16-bit values (path MTU plateau table).</summary>
    UInt16s,
    UInt32,
    Int32,
    /// <summary>One byte, 0 or 1.</summary>
    Bool,
    /// <summary>One or more NVT ASCII characters.</summary>
    String,
    /// <summary>Relay agent sub-options (RFC 3046).</summary>
    RelayAgentInformation,
    /// <summary>RFC 3442 destination descriptors and routers.</summary>
    ClasslessRoutes,
    /// <summary>RFC 1035 encoded names, possibly compressed (RFC 3397).</summary>
    DomainNames,
}
