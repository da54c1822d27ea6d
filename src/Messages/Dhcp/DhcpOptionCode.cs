namespace StaticDhcpd.Messages.Dhcp;

/// <summary>
/// DHCPv4 option codes: every option of RFC 2132 by its RFC name, plus the later RFCs this server speaks.
/// A few aliases (same value, the name of the typed property on <see cref="DhcpOptions"/>) exist so code
/// reads the same whichever name a caller reaches for; display names come from <see cref="DhcpOptionCatalog"/>.
/// </summary>
public enum DhcpOptionCode : byte
{
    Pad = 0,

    // RFC 2132 §3: vendor extensions
    SubnetMask = 1,
    TimeOffset = 2,
    Router = 3,
    TimeServer = 4,
    NameServer = 5,
    DomainNameServer = 6,
    LogServer = 7,
    CookieServer = 8,
    LprServer = 9,
    ImpressServer = 10,
    ResourceLocationServer = 11,
    HostName = 12,
    BootFileSize = 13,
    MeritDumpFile = 14,
    DomainName = 15,
    SwapServer = 16,
    RootPath = 17,
    ExtensionsPath = 18,

    // §4: IP layer per host
    IpForwarding = 19,
    NonLocalSourceRouting = 20,
    PolicyFilter = 21,
    MaximumDatagramReassemblySize = 22,
    DefaultIpTimeToLive = 23,
    PathMtuAgingTimeout = 24,
    PathMtuPlateauTable = 25,

    // §5: IP layer per interface
    InterfaceMtu = 26,
    AllSubnetsAreLocal = 27,
    BroadcastAddress = 28,
    PerformMaskDiscovery = 29,
    MaskSupplier = 30,
    PerformRouterDiscovery = 31,
    RouterSolicitationAddress = 32,
    StaticRoute = 33,

    // §6: link layer per interface
    TrailerEncapsulation = 34,
    ArpCacheTimeout = 35,
    EthernetEncapsulation = 36,

    // §7: TCP
    TcpDefaultTtl = 37,
    TcpKeepaliveInterval = 38,
    TcpKeepaliveGarbage = 39,

    // §8: application and service
    NetworkInformationServiceDomain = 40,
    NetworkInformationServers = 41,
    NetworkTimeProtocolServers = 42,
    VendorSpecificInformation = 43,
    NetBiosNameServer = 44,
    NetBiosDatagramDistributionServer = 45,
    NetBiosNodeType = 46,
    NetBiosScope = 47,
    XWindowSystemFontServer = 48,
    XWindowSystemDisplayManager = 49,
    NisPlusDomain = 64,
    NisPlusServers = 65,
    MobileIpHomeAgent = 68,
    SmtpServer = 69,
    Pop3Server = 70,
    NntpServer = 71,
    DefaultWwwServer = 72,
    DefaultFingerServer = 73,
    DefaultIrcServer = 74,
    StreetTalkServer = 75,
    StreetTalkDirectoryAssistanceServer = 76,

    // §9: DHCP extensions
    RequestedIpAddress = 50,
    IpAddressLeaseTime = 51,
    OptionOverload = 52,
    DhcpMessageType = 53,
    ServerIdentifier = 54,
    ParameterRequestList = 55,
    Message = 56,
    MaximumDhcpMessageSize = 57,
    RenewalTimeValue = 58,
    RebindingTimeValue = 59,
    VendorClassIdentifier = 60,
    ClientIdentifier = 61,
    TftpServerName = 66,
    BootfileName = 67,

    // Later RFCs
    UserClass = 77,                  // RFC 3004
    RapidCommit = 80,                // RFC 4039
    ClientFqdn = 81,                 // RFC 4702
    RelayAgentInformation = 82,      // RFC 3046
    ClientLastTransactionTime = 91,  // RFC 4388
    AssociatedIp = 92,               // RFC 4388
    SubnetSelection = 118,           // RFC 3011
    DomainSearch = 119,              // RFC 3397
    ClasslessStaticRoute = 121,      // RFC 3442

    End = 255,

    // Aliases: the names of the typed properties on DhcpOptions.
    Routers = Router,
    DomainNameServers = DomainNameServer,
    NtpServers = NetworkTimeProtocolServers,
    RequestedAddress = RequestedIpAddress,
    LeaseTime = IpAddressLeaseTime,
    MessageType = DhcpMessageType,
    MaximumMessageSize = MaximumDhcpMessageSize,
    RenewalTime = RenewalTimeValue,
    RebindingTime = RebindingTimeValue,
    ClasslessStaticRoutes = ClasslessStaticRoute,
}
