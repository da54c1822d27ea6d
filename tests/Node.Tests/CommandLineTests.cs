using StaticDhcpd.Node.Cli;

namespace StaticDhcpd.Node.Tests;

/// <summary>The executable's commands, run in-process as an operator would run them.</summary>
public class CommandLineTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await CommandLine.RunAsync(args, stdout, stderr, timeout.Token);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Check_of_a_good_file_prints_a_summary_and_exits_0()
    {
        using var file = new TempConfig("""
            staticdhcpd.dhcp { interfaces = [veth0], server-ip = "10.77.0.1" }
            staticdhcpd.pools = [{ name = guests, subnet = "10.77.0.0/16", ranges = ["10.77.100.10-10.77.100.250"] }]
            """);
        var (code, stdout, stderr) = await Run("check", "--config", file.Path);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.StartsWith($"config OK: {file.Path}: interfaces veth0, server-ip 10.77.0.1, static sqlite, 1 pool(s): guests 10.77.0.0/16 (241 addresses)", stdout);
    }

    [Fact]
    public async Task Check_without_a_file_validates_the_embedded_default()
    {
        var (code, stdout, _) = await Run("check");
        Assert.Equal(0, code);
        Assert.StartsWith("config OK: embedded HOCON.conf: interfaces eth0, server-ip auto, static sqlite, no pools, webhook off", stdout);
        Assert.Contains("cluster 127.0.0.1:0 (joins itself)", stdout);
    }

    [Fact]
    public async Task Check_of_a_bad_file_names_the_key_and_exits_2()
    {
        using var file = new TempConfig("staticdhcpd.dhcp.suspend-threshold = ten");
        var (code, stdout, stderr) = await Run("check", "--config=" + file.Path);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("staticdhcpd: configuration error: staticdhcpd.dhcp.suspend-threshold: expected a non-negative integer, got 'ten'",
            stderr.Trim());
    }

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    public async Task A_cluster_of_several_seeds_on_sqlite_stops_naming_the_persistence_provider_and_exits_2(string command)
    {
        using var file = new TempConfig("""
            akka.remote.dot-netty.tcp { hostname = "10.77.0.11", port = 4053 }
            akka.cluster.seed-nodes = ["akka.tcp://staticdhcpd@10.77.0.11:4053", "akka.tcp://staticdhcpd@10.77.0.12:4053"]
            """);
        var (code, stdout, stderr) = await Run(command, "--config", file.Path);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("staticdhcpd: configuration error: staticdhcpd.persistence.provider: sqlite is one node's own journal", stderr);
    }

    [Fact]
    public async Task Check_of_a_missing_file_names_it_and_exits_2()
    {
        using var file = new TempConfig("");
        var (code, _, stderr) = await Run("check", "-c", file.Missing);
        Assert.Equal(2, code);
        Assert.Equal($"staticdhcpd: configuration error: {file.Missing}: configuration file not found", stderr.Trim());
    }

    [Fact]
    public async Task Run_with_a_bad_file_stops_before_starting_and_exits_2()
    {
        using var file = new TempConfig("staticdhcpd.dhcp.authoritativ = on");
        var (code, stdout, stderr) = await Run("run", "--config", file.Path);
        Assert.Equal(2, code);
        Assert.DoesNotContain("starting", stdout);
        Assert.StartsWith("staticdhcpd: configuration error: staticdhcpd.dhcp.authoritativ: unknown key", stderr);
    }

    [Fact]
    public async Task Run_on_an_interface_that_does_not_exist_names_the_key_and_exits_2()
    {
        using var file = new TempConfig("""
            staticdhcpd.data-dir = "${DIR}"
            staticdhcpd.dhcp.interfaces = [lo, sdd-absent0]
            """.Replace("${DIR}", System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sdd-missing-iface-data")));
        var (code, _, stderr) = await Run("run", "--config", file.Path);
        Assert.Equal(2, code);
        Assert.StartsWith("staticdhcpd: configuration error: staticdhcpd.dhcp.interfaces[1]: interface 'sdd-absent0' does not exist", stderr);
    }

    [Fact]
    public async Task Run_stopped_while_its_journal_is_unreachable_exits_0()
    {
        using var data = new TempConfig("");
        var dir = System.IO.Path.GetDirectoryName(data.Path);
        // A socket directory with no server in it: the pool never recovers, so the node is still starting when stopped.
        using var file = new TempConfig($$"""
            staticdhcpd.data-dir = "{{dir}}"
            staticdhcpd.dhcp { interfaces = [lo], raw-l2-replies = off }
            staticdhcpd.static.provider = none
            staticdhcpd.persistence { provider = postgresql, connection-string = "Host={{dir}}/no-server;Username=x;Timeout=2" }
            staticdhcpd.pools = [{ name = g, subnet = "10.99.0.0/24", ranges = ["10.99.0.10-10.99.0.20"] }]
            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var code = await CommandLine.RunAsync(["run", "--config", file.Path], stdout, stderr, stop.Token)
            .WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("", stderr.ToString());
        Assert.Equal(0, code);
        Assert.Contains("starting", stdout.ToString());
    }

    [Fact]
    public async Task Check_warns_about_an_interface_missing_on_this_machine_but_accepts_the_file()
    {
        using var file = new TempConfig("staticdhcpd.dhcp.interfaces = [sdd-absent0]");
        var (code, stdout, stderr) = await Run("check", "--config", file.Path);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("warning: staticdhcpd.dhcp.interfaces[0]: interface 'sdd-absent0' does not exist on this machine; run will refuse to start", stdout);
    }

    [Fact]
    public async Task Run_with_a_missing_file_exits_2()
    {
        using var file = new TempConfig("");
        var (code, _, stderr) = await Run("run", "--config", file.Missing);
        Assert.Equal(2, code);
        Assert.Contains(file.Missing, stderr);
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var (code, stdout, _) = await Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("staticdhcpd run [--config FILE]", stdout);
        Assert.Contains("staticdhcpd check [--config FILE]", stdout);
        Assert.Contains("staticdhcpd ctl [--endpoint URL] [--token T] [--json] <noun> <verb>", stdout);
    }

    [Fact]
    public async Task Version_prints_the_version_and_exits_0()
    {
        var (code, stdout, _) = await Run("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^staticdhcpd \d+\.\d+", stdout);
    }

    [Theory]
    [InlineData(new string[0], "a command is needed")]
    [InlineData(new[] { "serve" }, "unrecognized command or argument 'serve'")]
    [InlineData(new[] { "check", "--conf", "x" }, "unrecognized command or argument '--conf'")]
    [InlineData(new[] { "run", "--config" }, "required argument missing for option: '--config'")]
    [InlineData(new[] { "check", "--config", "" }, "--config needs a file name")]
    [InlineData(new[] { "check", "--config", "a", "--config", "b" }, "option '--config' expects a single argument but 2 were provided")]
    [InlineData(new[] { "ctl" }, "'ctl' needs one of: cluster, sharding, pools, scan, leases, maps, stats, events")]
    [InlineData(new[] { "ctl", "scan" }, "required argument missing for command: 'scan'")]
    [InlineData(new[] { "ctl", "scan", "guests", "--wait", "--max-wait", "0" }, "--max-wait must be a positive number of seconds")]
    [InlineData(new[] { "ctl", "leases" }, "'leases' needs one of: list, show, add, release, export")]
    [InlineData(new[] { "ctl", "leases", "show" }, "required argument missing for command: 'show'")]
    [InlineData(new[] { "ctl", "maps", "add", "--mac", "02:00:00:00:00:01" }, "option '--ip' is required")]
    public async Task A_bad_command_line_prints_usage_and_exits_2(string[] args, string problem)
    {
        var (code, stdout, stderr) = await Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"staticdhcpd: {problem}", stderr);
        Assert.Contains("Usage:", stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("ctl", "--help")]
    [InlineData("ctl", "cluster", "--help")]
    [InlineData("ctl", "leases", "export", "--help")]
    [InlineData("ctl", "events", "tail", "-h")]
    [InlineData("ctl", "scan", "--help")]
    public async Task Every_level_has_help_and_exits_0(params string[] args)
    {
        var (code, stdout, stderr) = await Run(args);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("Usage:", stdout);
        // The usage line starts with the executable's name (the test host's here, staticdhcpd when installed).
        Assert.Contains(string.Join(" ", args.Where(a => !a.StartsWith('-'))), stdout.Split("Usage:")[1].Split('\n')[1]);
    }
}
