using StaticDhcpd.Integration.Tests.Lab;

namespace StaticDhcpd.Integration.Tests.Static;

/// <summary>
/// What the Static tests provision, as an operator would in staticDHCPd's tables: the lab's segment
/// 10.66.0.0/24 (lease 1 h, and a second serial with an 8 s lease so dhclient renews by itself within a test),
/// the relayed segment 10.67.0.0/24, and one MAC per role. MACs are unique across all Static tests.
/// </summary>
public static class StaticPlan
{
    public const string Domain = "lab.example";
    public const string RelayedDomain = "relayed.example";

    public static readonly SubnetRow Segment = new(NetnsLab.ServerSubnet, 0, 3600, NetnsLab.ServerAddress, "255.255.255.0",
        "10.66.0.255", "10.66.0.123", "10.66.0.53,10.66.0.54", Domain);

    /// <summary>Same segment, serial 1: an 8 s lease (T1 4 s, T2 7 s).</summary>
    public static readonly SubnetRow ShortLease = new(NetnsLab.ServerSubnet, 1, 8, NetnsLab.ServerAddress, "255.255.255.0",
        "10.66.0.255", "", "10.66.0.53", Domain);

    public static readonly SubnetRow Relayed = new(NetnsLab.RelayedSubnet, 0, 1800, NetnsLab.RelayDownstreamAddress,
        "255.255.255.0", "10.67.0.255", "", "10.66.0.53", RelayedDomain);

    // The scripted probe every fixture warms the server up with (and Wire tests send from).
    public static readonly MapRow Probe = new("02:00:00:00:a0:0f", "10.66.0.10", "probe", Segment.Subnet, 0);

    public static readonly MapRow Alpha = new("02:00:00:00:a0:01", "10.66.0.11", "alpha", Segment.Subnet, 0);    // dhclient
    public static readonly MapRow Bravo = new("02:00:00:00:a0:02", "10.66.0.12", "bravo", Segment.Subnet, 0);    // udhcpc
    public static readonly MapRow Charlie = new("02:00:00:00:a0:03", "10.66.0.13", "charlie", Segment.Subnet, 0); // dhcpcd
    public static readonly MapRow Delta = new("02:00:00:00:a0:04", "10.66.0.14", "delta", ShortLease.Subnet, 1);  // dhclient, short lease
    public static readonly MapRow Echo = new("02:00:00:00:a0:05", "10.66.0.15", "echo", Segment.Subnet, 0);      // rebinding (wire)
    public static readonly MapRow Foxtrot = new("02:00:00:00:a0:06", "10.66.0.16", "foxtrot", Segment.Subnet, 0); // INIT-REBOOT (wire)
    public static readonly MapRow Golf = new("02:00:00:00:a0:07", "10.66.0.17", "golf", Segment.Subnet, 0);      // the flooder
    public static readonly MapRow Hotel = new("02:00:00:00:a0:08", "10.66.0.18", "hotel", Segment.Subnet, 0);    // well-behaved during the flood
    public static readonly MapRow India = new("02:00:00:00:a0:09", "10.66.0.19", "india", Segment.Subnet, 0);    // malformed packets
    public static readonly MapRow Juliet = new("02:00:00:00:a0:0a", "10.66.0.20", "juliet", Segment.Subnet, 0);  // renewing (wire)
    public static readonly MapRow Kilo = new("02:00:00:00:a0:0b", "10.66.0.21", "kilo", Segment.Subnet, 0);      // redefined, then SIGHUP
    public static readonly MapRow Lima = new("02:00:00:00:a0:0c", "10.66.0.22", "lima", Segment.Subnet, 0);      // rapid commit, client id
    public static readonly MapRow Mike = new("02:00:00:00:a0:0d", "10.66.0.23", "mike", Segment.Subnet, 0);      // INFORM (wire)
    public static readonly MapRow November = new("02:00:00:00:a0:0e", "10.66.0.24", "november", Segment.Subnet, 0); // rebinding to 10.66.0.255

    public static readonly MapRow RelayedDhclient = new("02:00:00:00:b0:01", "10.67.0.21", "relayed-a", Relayed.Subnet, 0);
    public static readonly MapRow RelayedUdhcpc = new("02:00:00:00:b0:02", "10.67.0.22", "relayed-b", Relayed.Subnet, 0);
    public static readonly MapRow RelayedRebinder = new("02:00:00:00:b0:03", "10.67.0.23", "relayed-c", Relayed.Subnet, 0);

    /// <summary>In no table: the server has no record of these.</summary>
    public const string UnknownA = "02:00:00:00:ee:01";
    public const string UnknownB = "02:00:00:00:ee:02";
    public const string UnknownC = "02:00:00:00:ee:03";
    /// <summary>Unknown until a test registers it (INSERT into maps, then SIGHUP).</summary>
    public static readonly MapRow Registered = new("02:00:00:00:ee:04", "10.66.0.32", "registered", Segment.Subnet, 0);

    public static readonly SubnetRow[] Subnets = [Segment, ShortLease, Relayed];

    public static readonly MapRow[] Maps =
    [
        Probe, Alpha, Bravo, Charlie, Delta, Echo, Foxtrot, Golf, Hotel, India, Juliet, Kilo, Lima, Mike, November,
        RelayedDhclient, RelayedUdhcpc, RelayedRebinder,
    ];

    public static SubnetRow SubnetOf(MapRow m) => Subnets.Single(s => s.Subnet == m.Subnet && s.Serial == m.Serial);

    public static IReadOnlyList<string> List(string? commaSeparated) =>
        (commaSeparated ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
