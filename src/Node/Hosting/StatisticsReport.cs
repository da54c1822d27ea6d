using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Node.Hosting;

/// <summary>
/// The statistics a node logs on SIGUSR1 (as dnsmasq does), until the management API serves them: one line of packet
/// counters, one line per pool. Per-reason and per-method counters appear only when non-zero, to keep the line short.
/// </summary>
public static class StatisticsReport
{
    private static readonly string[] Always =
        ["received", "malformed", "invalid", "refused-by-policy", "suspended", "ignored", "silent", "send-errors",
         "source-failures", "pool-timeouts"];

    public static string Counters(IReadOnlyDictionary<string, long> counters)
    {
        var parts = Always.Where(counters.ContainsKey).Select(k => $"{k}={counters[k]}")
            .Concat(counters.Where(kv => !Always.Contains(kv.Key) && kv.Value != 0)
                .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => $"{kv.Key}={kv.Value}"));
        return "statistics: " + string.Join(' ', parts);
    }

    public static string Pool(PoolStatus s) =>
        $"pool {s.Pool}: {s.Total} addresses, {s.Free} free, {s.Offered} offered, {s.Bound} bound, {s.Declined} declined, " +
        $"{s.InUse} in use by others, {s.BlockedClients} blocked clients, {s.ExhaustedRequests} requests refused (exhausted)";

    public static string PoolUnavailable(string pool) => $"pool {pool}: no answer (journal unreachable or recovering)";
}
