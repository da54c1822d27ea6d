namespace StaticDhcpd.Integration.Tests.Cluster;

/// <summary>
/// The three-node lab's addresses and pools. Each node's eth0 holds its address in "guests" (10.77.0.0/16, first:
/// real clients on the segment are served from it, selected by the interface) and one in "load" (10.78.0.0/16:
/// perfdhcp and the scripted relay probe put 10.78.0.2 / 10.78.0.3 in giaddr, which selects it).
/// </summary>
public static class ClusterPlan
{
    public const int NodeCount = 3;
    public const int AkkaPort = 4053;
    public const string GuestsPool = "guests";
    public const string LoadPool = "load";
    public const string PerfAddress = "10.78.0.2";
    public const string ProbeAddress = "10.78.0.3";
    /// <summary>Short enough that dhclient renews by itself (T1 = 10 s) within a test.</summary>
    public const int GuestsLeaseSeconds = 20;

    /// <summary>10.77.0.11, 10.77.0.12, 10.77.0.13: server identifiers and Akka hostnames.</summary>
    public static string NodeAddress(int i) => $"10.77.0.{11 + i}";
    public static string NodeLoadAddress(int i) => $"10.78.0.{11 + i}";
    public static string AkkaAddress(int i) => $"akka.tcp://staticdhcpd@{NodeAddress(i)}:{AkkaPort}";
    public static IEnumerable<string> NodeAddresses => Enumerable.Range(0, NodeCount).Select(NodeAddress);

    /// <summary>What the leader logs when it makes node <paramref name="i"/> a member (Akka.Cluster's own line).</summary>
    public static string UpLine(int i) => $"Leader is moving node [{AkkaAddress(i)}] to [Up]";

    public static string Pools => $$"""
        {
          name = "{{GuestsPool}}", subnet = "10.77.0.0/16", ranges = ["10.77.100.10-10.77.101.250"]
          lease-time = {{GuestsLeaseSeconds}}s, routers = ["10.77.0.1"]
        },
        {
          name = "{{LoadPool}}", subnet = "10.78.0.0/16", ranges = ["10.78.1.0-10.78.24.255"]
          lease-time = 3600s, routers = ["10.78.0.1"]
        }
        """;

    /// <summary>The top-level akka section of node <paramref name="i"/>: standard keys only.</summary>
    public static string Akka(int i) => $$"""
        akka {
          remote.dot-netty.tcp {
            hostname = "{{NodeAddress(i)}}"
            port = {{AkkaPort}}
          }
          cluster.seed-nodes = [{{string.Join(", ", Enumerable.Range(0, NodeCount).Select(n => $"\"{AkkaAddress(n)}\""))}}]
        }
        """;

    public static bool InGuestsRange(string? address) => InRange(address, "10.77.100.10", "10.77.101.250");

    private static bool InRange(string? address, string first, string last) =>
        address is not null && System.Net.IPAddress.TryParse(address, out var ip)
        && ToUInt(ip) >= ToUInt(System.Net.IPAddress.Parse(first)) && ToUInt(ip) <= ToUInt(System.Net.IPAddress.Parse(last));

    private static uint ToUInt(System.Net.IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }
}
