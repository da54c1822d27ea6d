using System.Text.RegularExpressions;

namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// What a running staticdhcpd says on SIGUSR1: its "statistics: key=value …" line and one "pool NAME: …" line per
/// pool, as an operator reads them in the log.
/// </summary>
public sealed record ServerStatistics(string CountersLine, IReadOnlyList<string> PoolLines)
{
    /// <summary>Sends SIGUSR1 and returns the dump it causes (bounded by <paramref name="timeout"/>).</summary>
    public static async Task<ServerStatistics> DumpAsync(LabProcess server, int pools, TimeSpan timeout)
    {
        var before = Regex.Matches(server.StandardOutput, "statistics: ").Count;
        if (!server.Signal(Native.SigUsr1)) throw new InvalidOperationException("the server is not running");
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var output = server.StandardOutput;
            var at = NthIndex(output, "statistics: ", before);
            if (at >= 0)
            {
                var lines = output[at..].Split('\n');
                var poolLines = lines.Skip(1).Where(l => Regex.IsMatch(l, @"\] pool \S+: ")).ToList();
                if (poolLines.Count >= pools) return new ServerStatistics(lines[0], poolLines);
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException("no statistics dump after SIGUSR1\n" + server.Output);
    }

    /// <summary>The counter <paramref name="key"/> of the statistics line; 0 when the line leaves it out (zero).</summary>
    public long Counter(string key)
    {
        var m = Regex.Match(CountersLine, $@"(?:^|\s){Regex.Escape(key)}=(\d+)");
        return m.Success ? long.Parse(m.Groups[1].Value) : 0;
    }

    public string Pool(string name) =>
        PoolLines.FirstOrDefault(l => l.Contains($"] pool {name}: ")) ?? throw new InvalidOperationException($"no line for pool {name}");

    private static int NthIndex(string s, string what, int n)
    {
        var at = -1;
        for (var i = 0; i <= n; i++)
        {
            at = s.IndexOf(what, at + 1, StringComparison.Ordinal);
            if (at < 0) return -1;
        }
        return at;
    }
}
