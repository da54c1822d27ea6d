using StaticDhcpd.Integration.Tests.Lab;
using Xunit;

namespace StaticDhcpd.Integration.Tests.Dynamic;

/// <summary>
/// The registration pool the Dynamic tests serve on the lab's segment: the server's eth0 gets 10.77.0.1/16 beside
/// 10.66.0.1/24, so an unknown client on that segment is served from "guests" (selected by the interface's
/// addresses). MACs are unique across the Dynamic tests and in no static table unless a test puts them there.
/// </summary>
public static class DynamicPlan
{
    public const string PoolName = "guests";
    public const string PoolSubnet = "10.77.0.0/16";
    public const string PoolServerAddress = "10.77.0.1/16";
    public const string PoolMask = "255.255.0.0";
    public const string PoolBroadcast = "10.77.255.255";
    public const string PoolRouter = "10.77.0.1";
    public static readonly string[] PoolDns = ["10.77.0.53", "10.77.0.54"];
    public const string PoolDomain = "lan.example";
    public const string HostnamePrefix = "guest";
    public const uint RangeFirst = (10u << 24) | (77u << 16) | (100u << 8) | 10u; // 10.77.100.10
    public const uint RangeLast = (10u << 24) | (77u << 16) | (100u << 8) | 250u;  // 10.77.100.250

    /// <summary>The "guests" pool with a lease of <paramref name="leaseSeconds"/>.</summary>
    public static string GuestsPool(int leaseSeconds) => $$"""
        {
          name = "{{PoolName}}", subnet = "{{PoolSubnet}}", ranges = ["10.77.100.10-10.77.100.250"]
          lease-time = {{leaseSeconds}}s
          routers = ["{{PoolRouter}}"], dns-servers = ["{{PoolDns[0]}}", "{{PoolDns[1]}}"], domain-name = "{{PoolDomain}}"
          hostname-prefix = "{{HostnamePrefix}}"
        }
        """;

    public static DynamicServerOptions GuestsServer(int leaseSeconds) => new()
    {
        Pools = GuestsPool(leaseSeconds),
        ExtraAddresses = [PoolServerAddress],
    };

    public static bool InRange(string? address) =>
        address is not null && System.Net.IPAddress.TryParse(address, out var ip) && ToUInt(ip) is var v && v >= RangeFirst && v <= RangeLast;

    private static uint ToUInt(System.Net.IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    public static string HostnameOf(string address) => $"{HostnamePrefix}-{address.Replace('.', '-')}";

    /// <summary>The client's event carries an address of the pool's range and every option of the pool.</summary>
    public static void AssertPoolLease(LeaseResult? lease, string expectedEvent, int leaseSeconds, string? address = null)
    {
        Assert.NotNull(lease);
        Assert.True(expectedEvent == lease.Event, $"expected {expectedEvent}, got {lease}");
        Assert.True(InRange(lease.Address), $"{lease.Address} is not in 10.77.100.10-10.77.100.250: {lease}");
        if (address is not null) Assert.Equal(address, lease.Address);
        Assert.Equal(PoolMask, lease.Mask);
        Assert.Equal([PoolRouter], lease.Routers);
        Assert.Equal(PoolDns, lease.Dns);
        Assert.Equal(PoolDomain, lease.Domain);
        Assert.Equal(HostnameOf(lease.Address!), lease.Hostname);
        Assert.Equal(TimeSpan.FromSeconds(leaseSeconds), lease.LeaseTime);
        Assert.Equal(TimeSpan.FromSeconds(leaseSeconds / 2), lease.T1);
        Assert.Equal(TimeSpan.FromSeconds(leaseSeconds * 7L / 8), lease.T2);
        Assert.Equal(NetnsLab.ServerAddress, lease.ServerId);
    }
}
