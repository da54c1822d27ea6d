using StaticDhcpd.Integration.Tests.Lab;

namespace StaticDhcpd.Integration.Tests.Cluster;

/// <summary>
/// perfdhcp in the perf namespace with no server address: it broadcasts every DISCOVER and REQUEST (still as a relay,
/// giaddr 10.78.0.2, so pool "load" serves it) and every node hears them. Clients have MACs from
/// <paramref name="macBase"/> up, distinct per test so leases of one test do not meet another's.
/// </summary>
public static class PerfdhcpLoad
{
    public static LabProcess Start(ClusterLab cluster, int rate, int clients, int seconds, string macBase) =>
        cluster.Lab.Start(cluster.PerfNs, "perfdhcp",
            ["-4", "-l", NetnsLab.Interface, "-r", rate.ToString(), "-R", clients.ToString(), "-p", seconds.ToString(),
             "-d", "1", "-g", "single", "-b", "mac=" + macBase]);
}
