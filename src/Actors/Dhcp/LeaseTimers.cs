namespace StaticDhcpd.Actors.Dhcp;

/// <summary>RFC 2131 §4.4.5 defaults, sent explicitly (staticDHCPd never set 58/59).</summary>
public static class LeaseTimers
{
    public static uint RenewalTime(uint lease) => lease / 2;
    public static uint RebindingTime(uint lease) => (uint)(lease * 7UL / 8);
}
