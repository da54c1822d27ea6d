using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Dhcp;

/// <summary>Named properties for the options the server reads and writes most.</summary>
public sealed partial class DhcpOptions
{
    /// <summary>53. Null when absent, not one byte, or not a defined message type.</summary>
    public DhcpMessageType? MessageType
    {
        get => GetByte(DhcpOptionCode.DhcpMessageType) is { } b && Enum.IsDefined((DhcpMessageType)b) ? (DhcpMessageType)b : null;
        set => SetByte(DhcpOptionCode.DhcpMessageType, (byte?)value);
    }

    public Ipv4Address? RequestedAddress
    {
        get => GetAddress(DhcpOptionCode.RequestedIpAddress);
        set => SetAddress(DhcpOptionCode.RequestedIpAddress, value);
    }

    public Ipv4Address? ServerIdentifier
    {
        get => GetAddress(DhcpOptionCode.ServerIdentifier);
        set => SetAddress(DhcpOptionCode.ServerIdentifier, value);
    }

    public uint? LeaseTime
    {
        get => GetUInt32(DhcpOptionCode.IpAddressLeaseTime);
        set => SetUInt32(DhcpOptionCode.IpAddressLeaseTime, value);
    }

    public uint? RenewalTime
    {
        get => GetUInt32(DhcpOptionCode.RenewalTimeValue);
        set => SetUInt32(DhcpOptionCode.RenewalTimeValue, value);
    }

    public uint? RebindingTime
    {
        get => GetUInt32(DhcpOptionCode.RebindingTimeValue);
        set => SetUInt32(DhcpOptionCode.RebindingTimeValue, value);
    }

    public Ipv4Address? SubnetMask
    {
        get => GetAddress(DhcpOptionCode.SubnetMask);
        set => SetAddress(DhcpOptionCode.SubnetMask, value);
    }

    public Ipv4Address? BroadcastAddress
    {
        get => GetAddress(DhcpOptionCode.BroadcastAddress);
        set => SetAddress(DhcpOptionCode.BroadcastAddress, value);
    }

    public IReadOnlyList<Ipv4Address>? Routers
    {
        get => GetAddresses(DhcpOptionCode.Router);
        set => SetAddresses(DhcpOptionCode.Router, value);
    }

    public IReadOnlyList<Ipv4Address>? DomainNameServers
    {
        get => GetAddresses(DhcpOptionCode.DomainNameServer);
        set => SetAddresses(DhcpOptionCode.DomainNameServer, value);
    }

    public IReadOnlyList<Ipv4Address>? NtpServers
    {
        get => GetAddresses(DhcpOptionCode.NetworkTimeProtocolServers);
        set => SetAddresses(DhcpOptionCode.NetworkTimeProtocolServers, value);
    }

    public string? HostName
    {
        get => GetString(DhcpOptionCode.HostName);
        set => SetString(DhcpOptionCode.HostName, value);
    }

    public string? DomainName
    {
        get => GetString(DhcpOptionCode.DomainName);
        set => SetString(DhcpOptionCode.DomainName, value);
    }

    public byte[]? ParameterRequestList
    {
        get => Get(DhcpOptionCode.ParameterRequestList) is { Length: > 0 } v ? v : null;
        set { if (value is null) Remove(DhcpOptionCode.ParameterRequestList); else Set(DhcpOptionCode.ParameterRequestList, value); }
    }

    public ushort? MaximumMessageSize
    {
        get => GetUInt16(DhcpOptionCode.MaximumDhcpMessageSize);
        set => SetUInt16(DhcpOptionCode.MaximumDhcpMessageSize, value);
    }

    /// <summary>61: type octet then identifier (RFC 2132 §9.14). Null when absent or shorter than 2 bytes.</summary>
    public byte[]? ClientIdentifier
    {
        get => Get(DhcpOptionCode.ClientIdentifier) is { Length: >= 2 } v ? v : null;
        set { if (value is null) Remove(DhcpOptionCode.ClientIdentifier); else Set(DhcpOptionCode.ClientIdentifier, value); }
    }

    /// <summary>80 (RFC 4039): present and empty.</summary>
    public bool RapidCommit
    {
        get => Get(DhcpOptionCode.RapidCommit) is { Length: 0 };
        set { if (value) Set(DhcpOptionCode.RapidCommit, []); else Remove(DhcpOptionCode.RapidCommit); }
    }

    /// <summary>82 read into sub-options; null when absent or malformed. Echo Get(82) for the exact bytes.</summary>
    public RelayAgentInformation? RelayAgentInformation =>
        Get(DhcpOptionCode.RelayAgentInformation) is { } v ? Dhcp.RelayAgentInformation.Parse(v) : null;

    /// <summary>118 (RFC 3011): the subnet to allocate from.</summary>
    public Ipv4Address? SubnetSelection
    {
        get => GetAddress(DhcpOptionCode.SubnetSelection);
        set => SetAddress(DhcpOptionCode.SubnetSelection, value);
    }

    /// <summary>121 (RFC 3442).</summary>
    public IReadOnlyList<ClasslessRoute>? ClasslessStaticRoutes
    {
        get => Get(DhcpOptionCode.ClasslessStaticRoute) is { } v ? ClasslessRouteEncoding.Decode(v) : null;
        set
        {
            if (value is null) Remove(DhcpOptionCode.ClasslessStaticRoute);
            else SetTyped(DhcpOptionCode.ClasslessStaticRoute, ClasslessRouteEncoding.Encode(value));
        }
    }

    /// <summary>119 (RFC 3397): names without the trailing dot; encoded with compression.</summary>
    public IReadOnlyList<string>? DomainSearch
    {
        get => Get(DhcpOptionCode.DomainSearch) is { } v ? DomainNameEncoding.Decode(v) : null;
        set
        {
            if (value is null) Remove(DhcpOptionCode.DomainSearch);
            else if (value.Count == 0) Remove(DhcpOptionCode.DomainSearch);
            else Set(DhcpOptionCode.DomainSearch, DomainNameEncoding.Encode(value));
        }
    }
}
