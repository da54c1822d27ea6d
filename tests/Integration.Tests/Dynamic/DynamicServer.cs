using System.Text;
using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Static;
using StaticDhcpd.Integration.Tests.Wire;
using StaticDhcpd.Messages.Dhcp;

namespace StaticDhcpd.Integration.Tests.Dynamic;

/// <summary>
/// A staticdhcpd with dynamic pools in a lab's server namespace (or the namespace
/// <see cref="DynamicServerOptions.Netns"/>, one node of a cluster): the lab's eth0 (10.66.0.1/24) plus
/// <see cref="DynamicServerOptions.ExtraAddresses"/> added with <c>ip addr add</c> before the server starts (the
/// pool selector reads the interface's addresses at start-up), a staticDHCPd SQLite database (possibly empty),
/// the journal in the data-dir. Can be stopped (SIGTERM), killed (SIGKILL) and started again on the same data-dir;
/// <see cref="Log"/> is the output of every run, in order.
/// </summary>
public sealed class DynamicServer
{
    private readonly NetnsLab _lab;
    private readonly string _netns;
    private readonly IReadOnlyList<string> _wrapper;
    private readonly List<StaticServer> _runs = [];

    private DynamicServer(NetnsLab lab, string netns, string configFile, string databaseFile, string dataDir,
        IReadOnlyList<string> wrapper)
    {
        _lab = lab;
        _netns = netns;
        _wrapper = wrapper;
        ConfigFile = configFile;
        DatabaseFile = databaseFile;
        DataDir = dataDir;
    }

    public string ConfigFile { get; }
    public string DatabaseFile { get; }
    public string DataDir { get; }
    public StaticServer Current => _runs[^1];
    public LabProcess Process => Current.Process;
    public int Runs => _runs.Count;

    /// <summary>Every run's output, oldest first.</summary>
    public string Log
    {
        get
        {
            var sb = new StringBuilder();
            for (var i = 0; i < _runs.Count; i++) sb.Append($"==== run {i + 1} ====\n").Append(_runs[i].Log);
            return sb.ToString();
        }
    }

    /// <summary>The output of the current run only.</summary>
    public string CurrentLog => Current.Log;

    public static async Task<DynamicServer> StartAsync(NetnsLab lab, DynamicServerOptions o)
    {
        var netns = o.Netns ?? lab.ServerNs;
        foreach (var a in o.ExtraAddresses) lab.Exec(netns, "ip", "addr", "add", a, "dev", NetnsLab.Interface);
        var dir = Path.Combine(lab.WorkDir, o.Name);
        var dataDir = Path.Combine(dir, "data");
        var database = Path.Combine(dataDir, "static.db");
        StaticDatabase.Create(database, o.Subnets, o.Maps);
        var config = Path.Combine(dir, "staticdhcpd.conf");
        File.WriteAllText(config, $$"""
            staticdhcpd {
              data-dir = "{{dataDir}}"
              dhcp {
                interfaces = ["{{NetnsLab.Interface}}"]
                server-ip = "{{o.ServerIp}}"
                {{o.DhcpSettings}}
              }
              static {
                provider = sqlite
                connection-string = "Data Source={{database}}"
              }
              pools = [
                {{o.Pools}}
              ]
              {{o.Extra}}
            }
            {{o.Akka}}
            """);
        var server = new DynamicServer(lab, netns, config, database, dataDir, o.Wrapper);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the executable (again) on the same configuration and data-dir; returns when it serves.</summary>
    public async Task StartAgainAsync()
    {
        if (_runs.Count > 0 && !Process.HasExited) throw new InvalidOperationException("the server is still running");
        _runs.Add(await StaticServer.RunAsync(_lab, ConfigFile, DatabaseFile, _netns, _wrapper));
    }

    /// <summary>
    /// Runs a test's body against this server: an assertion that fails carries the end of the server's log (an
    /// InvalidOperationException from the lab already says what it needs); the server is stopped whatever happens.
    /// </summary>
    public async Task RunTestAsync(Func<Task> body)
    {
        try { await body(); }
        catch (Exception e) when (e is not InvalidOperationException)
        {
            var tail = string.Join('\n', Log.Split('\n').TakeLast(300));
            throw new Xunit.Sdk.XunitException(e.Message + "\n---- server log (end) ----\n" + tail);
        }
        finally
        {
            await StopAsync(TimeSpan.FromSeconds(20));
        }
    }

    /// <summary>SIGTERM (graceful); true when it exited with code 0 within <paramref name="grace"/>.</summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        var p = Process;
        Native.Kill(p.Pid, Native.SigTerm);
        var exited = await p.WaitForExitAsync(grace);
        if (!exited) p.Kill();
        return exited && p.ExitCode == 0;
    }

    /// <summary>SIGKILL: no shutdown at all, as a power cut of the process.</summary>
    public void Kill() => Process.Kill();

    /// <summary>
    /// DISCOVERs from <paramref name="mac"/> (a scripted MAC, broadcast flag) through <paramref name="client"/> until
    /// an OFFER comes (bounded): the first request after start pays for JIT and the pool entity's recovery.
    /// </summary>
    public async Task<DhcpPacket> WarmUpAsync(WireClient client, string mac, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited) throw new InvalidOperationException("staticdhcpd exited during warm-up\n" + Log);
            var offer = await Task.Run(() => client.Exchange(StaticWire.Discover(mac, StaticWire.NewXid()), TimeSpan.FromSeconds(3)));
            if (offer is { MessageType: DhcpMessageType.Offer }) return offer;
        }
        throw new InvalidOperationException($"staticdhcpd did not offer {mac} an address within {timeout.TotalSeconds} s\n{Log}");
    }
}

/// <summary>What a <see cref="DynamicServer"/> is started with (HOCON fragments are pasted into its sections).</summary>
public sealed record DynamicServerOptions
{
    /// <summary>Pool objects (HOCON), the contents of <c>pools = [ … ]</c>.</summary>
    public required string Pools { get; init; }
    /// <summary>Lines for <c>staticdhcpd.dhcp</c>.</summary>
    public string DhcpSettings { get; init; } = "";
    /// <summary>More sections under <c>staticdhcpd</c> (webhook, …).</summary>
    public string Extra { get; init; } = "";
    /// <summary>The namespace it runs in; null: the lab's server namespace.</summary>
    public string? Netns { get; init; }
    /// <summary>Its directory under the lab's work dir (config, data-dir): distinct per server of one lab.</summary>
    public string Name { get; init; } = "staticdhcpd";
    /// <summary>staticdhcpd.dhcp.server-ip.</summary>
    public string ServerIp { get; init; } = NetnsLab.ServerAddress;
    /// <summary>Top-level HOCON after the staticdhcpd section (akka remote, seed nodes, …).</summary>
    public string Akka { get; init; } = "";
    /// <summary>Addresses (CIDR) added to the server's eth0 besides 10.66.0.1/24.</summary>
    public IReadOnlyList<string> ExtraAddresses { get; init; } = [];
    public IReadOnlyList<SubnetRow> Subnets { get; init; } = [];
    public IReadOnlyList<MapRow> Maps { get; init; } = [];
    /// <summary>A command the server runs under (setpriv dropping a capability, …); empty: none.</summary>
    public IReadOnlyList<string> Wrapper { get; init; } = [];
}
