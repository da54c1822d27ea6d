using T = StaticDhcpd.Messages.Dhcp.DhcpOptionValueType;

namespace StaticDhcpd.Messages.Dhcp;

/// <summary>Name and value type of every RFC 2132 option and of the later options this server handles.</summary>
public static class DhcpOptionCatalog
{
    private static readonly DhcpOptionInfo[] Table = Build();

    /// <summary>Always answers: codes the catalogue does not know come back as <c>Raw</c> with <c>IsKnown = false</c>.</summary>
    public static DhcpOptionInfo Get(DhcpOptionCode code) => Table[(byte)code];

    /// <summary>Every known option, ascending by code.</summary>
    public static IEnumerable<DhcpOptionInfo> Known => Table.Where(i => i.IsKnown);

    private static DhcpOptionInfo[] Build()
    {
        var t = new DhcpOptionInfo[256];
        for (var i = 0; i < 256; i++) t[i] = new DhcpOptionInfo((DhcpOptionCode)i, $"Option{i}", T.Raw, 0, false);

        void Add(int code, string name, T type, int? min = null) =>
            t[code] = new DhcpOptionInfo((DhcpOptionCode)code, name, type, min ?? DefaultMin(type), true);

        Add(0, "Pad", T.Empty);
        Add(1, "SubnetMask", T.Address);
        Add(2, "TimeOffset", T.Int32);
        Add(3, "Router", T.Addresses);
        Add(4, "TimeServer", T.Addresses);
        Add(5, "NameServer", T.Addresses);
        Add(6, "DomainNameServer", T.Addresses);
        Add(7, "LogServer", T.Addresses);
        Add(8, "CookieServer", T.Addresses);
        Add(9, "LprServer", T.Addresses);
        Add(10, "ImpressServer", T.Addresses);
        Add(11, "ResourceLocationServer", T.Addresses);
        Add(12, "HostName", T.String);
        Add(13, "BootFileSize", T.UInt16);
        Add(14, "MeritDumpFile", T.String);
        Add(15, "DomainName", T.String);
        Add(16, "SwapServer", T.Address);
        Add(17, "RootPath", T.String);
        Add(18, "ExtensionsPath", T.String);
        Add(19, "IpForwarding", T.Bool);
        Add(20, "NonLocalSourceRouting", T.Bool);
        Add(21, "PolicyFilter", T.AddressPairs);
        Add(22, "MaximumDatagramReassemblySize", T.UInt16);
        Add(23, "DefaultIpTimeToLive", T.Byte);
        Add(24, "PathMtuAgingTimeout", T.UInt32);
        Add(25, "PathMtuPlateauTable", T.UInt16s);
        Add(26, "InterfaceMtu", T.UInt16);
        Add(27, "AllSubnetsAreLocal", T.Bool);
        Add(28, "BroadcastAddress", T.Address);
        Add(29, "PerformMaskDiscovery", T.Bool);
        Add(30, "MaskSupplier", T.Bool);
        Add(31, "PerformRouterDiscovery", T.Bool);
        Add(32, "RouterSolicitationAddress", T.Address);
        Add(33, "StaticRoute", T.AddressPairs);
        Add(34, "TrailerEncapsulation", T.Bool);
        Add(35, "ArpCacheTimeout", T.UInt32);
        Add(36, "EthernetEncapsulation", T.Bool);
        Add(37, "TcpDefaultTtl", T.Byte);
        Add(38, "TcpKeepaliveInterval", T.UInt32);
        Add(39, "TcpKeepaliveGarbage", T.Bool);
        Add(40, "NetworkInformationServiceDomain", T.String);
        Add(41, "NetworkInformationServers", T.Addresses);
        Add(42, "NetworkTimeProtocolServers", T.Addresses);
        Add(43, "VendorSpecificInformation", T.Raw);
        Add(44, "NetBiosNameServer", T.Addresses);
        Add(45, "NetBiosDatagramDistributionServer", T.Addresses);
        Add(46, "NetBiosNodeType", T.Byte);
        Add(47, "NetBiosScope", T.String);
        Add(48, "XWindowSystemFontServer", T.Addresses);
        Add(49, "XWindowSystemDisplayManager", T.Addresses);
        Add(50, "RequestedIpAddress", T.Address);
        Add(51, "IpAddressLeaseTime", T.UInt32);
        Add(52, "OptionOverload", T.Byte);
        Add(53, "DhcpMessageType", T.Byte);
        Add(54, "ServerIdentifier", T.Address);
        Add(55, "ParameterRequestList", T.Bytes);
        Add(56, "Message", T.String);
        Add(57, "MaximumDhcpMessageSize", T.UInt16);
        Add(58, "RenewalTimeValue", T.UInt32);
        Add(59, "RebindingTimeValue", T.UInt32);
        // RFC 2132 calls 60 opaque; clients put text there ("MSFT 5.0", "udhcp 1.36"), but any byte is legal.
        Add(60, "VendorClassIdentifier", T.Bytes);
        Add(61, "ClientIdentifier", T.Bytes, 2); // type octet + at least one octet of identifier
        Add(64, "NisPlusDomain", T.String);
        Add(65, "NisPlusServers", T.Addresses);
        Add(66, "TftpServerName", T.String);
        Add(67, "BootfileName", T.String);
        Add(68, "MobileIpHomeAgent", T.Addresses, 0); // RFC 2132 §8.15: zero addresses is legal
        Add(69, "SmtpServer", T.Addresses);
        Add(70, "Pop3Server", T.Addresses);
        Add(71, "NntpServer", T.Addresses);
        Add(72, "DefaultWwwServer", T.Addresses);
        Add(73, "DefaultFingerServer", T.Addresses);
        Add(74, "DefaultIrcServer", T.Addresses);
        Add(75, "StreetTalkServer", T.Addresses);
        Add(76, "StreetTalkDirectoryAssistanceServer", T.Addresses);
        Add(77, "UserClass", T.Bytes);
        Add(80, "RapidCommit", T.Empty);
        Add(81, "ClientFqdn", T.Raw, 3); // flags, rcode1, rcode2, then the name
        Add(82, "RelayAgentInformation", T.RelayAgentInformation, 2);
        Add(91, "ClientLastTransactionTime", T.UInt32);
        Add(92, "AssociatedIp", T.Addresses);
        Add(118, "SubnetSelection", T.Address);
        Add(119, "DomainSearch", T.DomainNames, 1);
        Add(121, "ClasslessStaticRoute", T.ClasslessRoutes, 5);
        Add(255, "End", T.Empty);
        return t;
    }

    private static int DefaultMin(T type) => type switch
    {
        T.Empty or T.Raw => 0,
        T.Address or T.Addresses or T.UInt32 or T.Int32 => 4,
        T.AddressPairs => 8,
        T.UInt16 or T.UInt16s => 2,
        _ => 1,
    };
}
