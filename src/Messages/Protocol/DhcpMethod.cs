namespace StaticDhcpd.Messages.Protocol;

/// <summary>What a client is doing, RFC 2131 §4.3 (staticDHCPd's "method" strings in its hooks and statistics).</summary>
public enum DhcpMethod
{
    Discover,
    RequestSelecting,
    RequestInitReboot,
    RequestRenew,
    RequestRebind,
    Inform,
    Release,
    Decline,
    LeaseQuery,
}

public static class DhcpMethodNames
{
    public static string ToWireName(this DhcpMethod m) => m switch
    {
        DhcpMethod.Discover => "DISCOVER",
        DhcpMethod.RequestSelecting => "REQUEST:SELECTING",
        DhcpMethod.RequestInitReboot => "REQUEST:INIT-REBOOT",
        DhcpMethod.RequestRenew => "REQUEST:RENEW",
        DhcpMethod.RequestRebind => "REQUEST:REBIND",
        DhcpMethod.Inform => "INFORM",
        DhcpMethod.Release => "RELEASE",
        DhcpMethod.Decline => "DECLINE",
        DhcpMethod.LeaseQuery => "LEASEQUERY",
        _ => m.ToString(),
    };
}
