using System.Text.RegularExpressions;
using System.Text;
using StaticDhcpd.Actors.Tests.Static;
using StaticDhcpd.Integration.Tests.Dynamic;
using StaticDhcpd.Integration.Tests.Lab;
using Xunit;
using static StaticDhcpd.Integration.Tests.Cluster.ClusterPlan;

namespace StaticDhcpd.Integration.Tests.Cluster;

/// <summary>
/// Three staticdhcpd nodes on one segment, as an operator runs a cluster: the lab's bridge is the segment; namespaces
/// n1..n3 hold 10.77.0.11-13/16 (and 10.78.0.11-13/16), each runs the real executable with its own config (Akka
/// remoting on its address, port 4053, all three as seed nodes, its address as server identifier) and all three
/// journal to ONE throwaway PostgreSQL reached through its unix socket (namespaces share the filesystem). Namespaces
/// "perf" (10.78.0.2) and "probe" (10.78.0.3) are for perfdhcp and the scripted relay probe.
/// Started once for the Cluster collection; a test that kills or stops a node leaves it to
/// <see cref="EnsureAllUpAsync"/>, which the next test calls first.
/// </summary>
public sealed class ClusterLab : IAsyncLifetime
{
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);

    private readonly List<DynamicServer> _nodes = [];
    private readonly List<string> _nodeNamespaces = [];

    public NetnsLab Lab { get; private set; } = null!;
    public PostgresCluster Postgres { get; private set; } = null!;
    public IReadOnlyList<DynamicServer> Nodes => _nodes;
    public string PerfNs { get; private set; } = "";
    public string ProbeNs { get; private set; } = "";
    /// <summary>How long the three took from the first start to all of them Up and serving (printed by the tests).</summary>
    public TimeSpan FormationTime { get; private set; }

    public async Task InitializeAsync()
    {
        LabRequirements.EnsureTools("perfdhcp", "tcpdump");
        Lab = new NetnsLab();
        try
        {
            Postgres = new PostgresCluster(unixSocketOnly: true);
            for (var i = 0; i < NodeCount; i++) _nodeNamespaces.Add(Lab.AddHost($"n{i + 1}", NodeAddress(i) + "/16"));
            PerfNs = Lab.AddHost("perf", PerfAddress + "/16");
            ProbeNs = Lab.AddHost("probe", ProbeAddress + "/16");

            var started = DateTime.UtcNow;
            // All three at once, as an operator starts a cluster: the first seed forms it, the others join.
            _nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, NodeCount).Select(i => DynamicServer.StartAsync(Lab, Options(i)))));
            for (var i = 0; i < NodeCount; i++) await WaitForUpAsync(i, 0);
            FormationTime = DateTime.UtcNow - started;
            await WaitForSettledAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private DynamicServerOptions Options(int i) => new()
    {
        Netns = _nodeNamespaces[i],
        Name = $"node{i + 1}",
        ServerIp = NodeAddress(i),
        ExtraAddresses = [NodeLoadAddress(i) + "/16"],
        Pools = ClusterPlan.Pools,
        DhcpSettings = "allow-relays = on", // perfdhcp and the probe are relays
        Extra = $$"""
            persistence {
              provider = postgresql
              connection-string = "{{Postgres.SocketConnectionString}}"
            }
            """,
        Akka = ClusterPlan.Akka(i),
    };

    /// <summary>How many times any node has logged that the leader moved node <paramref name="i"/> to Up.</summary>
    public int UpCount(int i) => _nodes.Sum(n => CountOf(n.Log, UpLine(i)));

    /// <summary>Waits (bounded) until node <paramref name="i"/> has been moved to Up more than <paramref name="before"/> times.</summary>
    public async Task WaitForUpAsync(int i, int before)
    {
        var deadline = DateTime.UtcNow + JoinTimeout;
        while (UpCount(i) <= before)
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException(
                    $"no node logged \"{UpLine(i)}\" within {JoinTimeout.TotalSeconds} s\n{LogTails()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Starts every node that is not running (a previous test killed or stopped it) and waits until it is Up.</summary>
    public async Task EnsureAllUpAsync()
    {
        for (var i = 0; i < NodeCount; i++)
            if (_nodes[i].Process.HasExited) await RestartAsync(i);
        await WaitForSettledAsync();
    }

    /// <summary>Waits (bounded) until every node serves its share: for each bucket its latest "owns … buckets: … (3
    /// serving members)" line names, of each pool, the bucket has logged "serving" since it last logged "stopped". Up is not enough:
    /// the buckets move to the members that joined after they are Up, and a load started meanwhile is answered by one
    /// node while the others recover theirs (PoolKeeper wakes buckets within 15 s even without traffic).</summary>
    public async Task WaitForSettledAsync()
    {
        var deadline = DateTime.UtcNow + JoinTimeout;
        while (Enumerable.Range(0, NodeCount).Select(Unsettled).FirstOrDefault(u => u is not null) is { } waiting)
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"the cluster did not settle within {JoinTimeout.TotalSeconds} s: {waiting}\n{LogTails()}");
            await Task.Delay(200);
        }
    }

    private static readonly Regex OwnsLine = new(@"owns \d+ of \d+ buckets: ([\d,]*) \(" + NodeCount + " serving members\\)");

    /// <summary>What node <paramref name="i"/> still waits for before it serves its share, or null.</summary>
    private string? Unsettled(int i)
    {
        var log = _nodes[i].CurrentLog;
        var owns = OwnsLine.Matches(log).LastOrDefault();
        if (owns is null) return $"{NodeAddress(i)} has not logged its share of {NodeCount} members";
        // Running here: started (again) since it last stopped on this node.
        var missing = owns.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(b => new[] { ClusterPlan.GuestsPool, ClusterPlan.LoadPool }.Select(p => $"{p}|{b}"))
            .Where(entity => log.LastIndexOf($"bucket {entity} serving", StringComparison.Ordinal)
                             <= log.LastIndexOf($"bucket {entity} stopped", StringComparison.Ordinal))
            .ToList();
        return missing.Count == 0 ? null : $"{NodeAddress(i)} does not serve {string.Join(", ", missing)} yet";
    }

    /// <summary>Starts node <paramref name="i"/> again on its data-dir; returns once it serves and the leader has made it Up.</summary>
    public async Task RestartAsync(int i)
    {
        var before = UpCount(i);
        try { await _nodes[i].StartAgainAsync(); }
        catch (InvalidOperationException e)
        {
            // Its own output is in the message; why it could not join is often in the others' logs.
            throw new InvalidOperationException($"{NodeAddress(i)} did not start again: {e.Message}\n{LogTails()}", e);
        }
        await WaitForUpAsync(i, before);
    }

    /// <summary>Node index of a server identifier, or -1.</summary>
    public static int NodeOf(string? serverId) => NodeAddresses.ToList().IndexOf(serverId ?? "");

    /// <summary>Runs a test's body; an assertion that fails carries the end of every node's log. With
    /// STATICDHCPD_TEST_ARTIFACTS set, the whole logs and the journal's rows are written to that directory after the
    /// body, whether it passed or not (to read a failover's or a move's timeline).</summary>
    public async Task RunAsync(Func<Task> body, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        try
        {
            await body();
            SaveArtifacts(test);
        }
        catch (Exception e) when (e is not InvalidOperationException)
        {
            var saved = SaveArtifacts(test);
            throw new Xunit.Sdk.XunitException(e.Message + "\n" + LogTails() + (saved is null ? "" : $"\nfull logs and journal in {saved}"));
        }
    }

    private string? SaveArtifacts(string test)
    {
        if (Environment.GetEnvironmentVariable("STATICDHCPD_TEST_ARTIFACTS") is not { Length: > 0 } root) return null;
        var dir = Path.Combine(root, $"{test}-{DateTime.UtcNow:HHmmss}");
        Directory.CreateDirectory(dir);
        for (var i = 0; i < _nodes.Count; i++) File.WriteAllText(Path.Combine(dir, $"node{i + 1}.log"), _nodes[i].Log);
        // writer_uuid tells which incarnation of an entity wrote each event.
        File.WriteAllLines(Path.Combine(dir, "journal.tsv"), Postgres.Rows(
            "select ordering, persistence_id, sequence_number, writer_uuid, created, manifest, encode(message, 'escape') from journal order by ordering"));
        File.WriteAllLines(Path.Combine(dir, "snapshots.tsv"), Postgres.Rows(
            "select persistence_id, sequence_number, created, manifest, length(snapshot) from snapshot order by persistence_id, sequence_number"));
        return dir;
    }

    public string LogTails(int lines = 60)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _nodes.Count; i++)
            sb.Append($"---- node {i + 1} ({NodeAddress(i)}) log, end ----\n")
                .AppendJoin('\n', _nodes[i].Log.Split('\n').TakeLast(lines)).Append('\n');
        return sb.ToString();
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_nodes.Select(n => n.StopAsync(TimeSpan.FromSeconds(20))));
        Lab?.Dispose();
        Postgres?.Dispose();
    }

    private static int CountOf(string text, string what)
    {
        var n = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}

/// <summary>The Cluster tests share one <see cref="ClusterLab"/> and run one at a time, never beside another lab test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<ClusterLab>
{
    public const string Name = "cluster";
}
