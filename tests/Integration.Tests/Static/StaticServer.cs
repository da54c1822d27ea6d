using StaticDhcpd.Integration.Tests.Lab;

namespace StaticDhcpd.Integration.Tests.Static;

/// <summary>
/// The real executable (<c>dotnet staticdhcpd.dll run --config FILE</c>, from the test's output directory) in a
/// lab's server namespace, on a configuration file and a staticDHCPd SQLite database in the lab's work dir.
/// Started like an operator starts it; ready when it logs "serving DHCP on eth0"; stopped by pid (SIGTERM,
/// then SIGKILL). The lab kills it too when disposed.
/// </summary>
public sealed class StaticServer
{
    public const string ReadyLine = "serving DHCP on " + NetnsLab.Interface;
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private StaticServer(LabProcess process, string configFile, string databaseFile)
    {
        Process = process;
        ConfigFile = configFile;
        DatabaseFile = databaseFile;
    }

    public LabProcess Process { get; }
    public string ConfigFile { get; }
    public string DatabaseFile { get; }
    /// <summary>Everything the server printed so far (its log), for assertions and failure messages.</summary>
    public string Log => Process.Output;

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "staticdhcpd.dll");

    /// <summary>The dotnet host running these tests (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : LabRequirements.Which("dotnet") ?? "dotnet";

    /// <summary>
    /// Writes the database and a configuration whose <c>staticdhcpd.dhcp</c> section is the lab's eth0 and
    /// server address plus <paramref name="dhcpSettings"/> (HOCON lines, e.g. <c>authoritative = on</c>), then
    /// starts the server and waits for it to serve.
    /// </summary>
    public static async Task<StaticServer> StartAsync(NetnsLab lab, string dhcpSettings, IEnumerable<SubnetRow> subnets,
        IEnumerable<MapRow> maps)
    {
        var dir = Path.Combine(lab.WorkDir, "staticdhcpd");
        var dataDir = Path.Combine(dir, "data");
        var database = Path.Combine(dataDir, "static.db");
        StaticDatabase.Create(database, subnets, maps);
        var config = Path.Combine(dir, "staticdhcpd.conf");
        File.WriteAllText(config, $$"""
            staticdhcpd {
              data-dir = "{{dataDir}}"
              dhcp {
                interfaces = ["{{NetnsLab.Interface}}"]
                server-ip = "{{NetnsLab.ServerAddress}}"
                {{dhcpSettings}}
              }
              static {
                provider = sqlite
                connection-string = "Data Source={{database}}"
              }
            }
            """);
        return await RunAsync(lab, config, database);
    }

    /// <summary>
    /// Starts the executable on <paramref name="configFile"/> in the lab's server namespace (or in
    /// <paramref name="netns"/>) and waits until it serves.
    /// </summary>
    /// <param name="wrapper">A command the server runs under (e.g. setpriv dropping a capability); empty: none.</param>
    public static async Task<StaticServer> RunAsync(NetnsLab lab, string configFile, string databaseFile, string? netns = null,
        IReadOnlyList<string>? wrapper = null)
    {
        if (!File.Exists(Dll)) throw new InvalidOperationException($"{Dll} is missing: build the solution first");
        string[] command = [.. wrapper ?? [], DotnetHost, Dll, "run", "--config", configFile];
        var p = lab.Start(netns ?? lab.ServerNs, command[0], command[1..]);
        if (!await p.WaitForOutputAsync(ReadyLine, StartTimeout))
        {
            p.Kill();
            throw new InvalidOperationException(
                $"staticdhcpd did not log \"{ReadyLine}\" within {StartTimeout.TotalSeconds} s\n{p.Output}");
        }
        return new StaticServer(p, configFile, databaseFile);
    }

    /// <summary>SIGTERM to the server's pid (a graceful, coordinated shutdown), SIGKILL after <paramref name="grace"/>.</summary>
    public Task StopAsync(TimeSpan grace) => Process.StopAsync(grace);
}
