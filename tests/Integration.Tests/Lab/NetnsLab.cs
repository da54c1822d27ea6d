using System.Text.RegularExpressions;

namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// A throwaway network for DHCP tests, built only from network namespaces named
/// <c>sdlab-PID-N-ROLE</c> (PID of the test process, N a counter) so parallel or leftover runs never collide:
/// <list type="bullet">
/// <item><see cref="BridgeNs"/>: Linux bridges br0 (segment 10.66.0.0/24) and br1 (relayed segment 10.67.0.0/24).</item>
/// <item><see cref="ServerNs"/>: <c>eth0</c> = <see cref="ServerAddress"/>/24 on br0; the server under test runs here.</item>
/// <item>client namespaces (<see cref="AddClient"/>), each with <c>eth0</c> and MAC 02:00:00:00:00:NN.</item>
/// <item>optional <see cref="RelayNs"/>: <c>eth0</c> = 10.66.0.2/24 on br0 (upstream), <c>eth1</c> = 10.67.0.1/24
/// on br1 (downstream), IP forwarding on; the server has a route to 10.67.0.0/24 through it.</item>
/// </list>
/// Every veth is created with both ends already inside their namespaces, so the host's own namespace is never
/// touched; IPv6 is off and <c>lo</c> up everywhere. <see cref="Dispose"/> kills what the lab started (by pid),
/// then anything still running in its namespaces, deletes the namespaces and removes <see cref="WorkDir"/>.
/// </summary>
public sealed class NetnsLab : IDisposable
{
    public const string Prefix = "sdlab";
    public const string ServerAddress = "10.66.0.1";
    public const string ServerSubnet = "10.66.0.0/24";
    public const string RelayUpstreamAddress = "10.66.0.2";
    public const string RelayDownstreamAddress = "10.67.0.1";
    public const string RelayedSubnet = "10.67.0.0/24";
    public const string Interface = "eth0";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);
    private static readonly Regex OwnName = new(@"^sdlab-(\d+)-(\d+)-[a-z0-9]+$", RegexOptions.Compiled);
    private static int _counter;
    private static int _swept;

    private readonly List<string> _namespaces = [];
    private readonly List<LabProcess> _processes = [];
    private readonly List<LabClient> _clients = [];
    private readonly List<Action> _cleanups = [];
    private readonly object _gate = new();
    private bool _disposed;

    /// <param name="prefix">The namespaces' prefix instead of <see cref="Prefix"/> (a test group that keeps its own
    /// names); leftovers of another prefix are not swept.</param>
    public NetnsLab(bool withRelay = false, string prefix = Prefix)
    {
        LabRequirements.EnsureRoot();
        LabRequirements.EnsureTools("ip");
        if (Interlocked.Exchange(ref _swept, 1) == 0) SweepLeftovers();

        Name = $"{prefix}-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}";
        WorkDir = Directory.CreateTempSubdirectory(Name + "-").FullName;
        BridgeNs = Name + "-br";
        ServerNs = Name + "-srv";
        try
        {
            AddNamespace(BridgeNs);
            Exec(BridgeNs, "ip", "link", "add", "br0", "type", "bridge");
            Exec(BridgeNs, "ip", "link", "add", "br1", "type", "bridge");
            // No STP and no forwarding delay: a port forwards as soon as it is up.
            Exec(BridgeNs, "ip", "link", "set", "br0", "type", "bridge", "forward_delay", "0", "stp_state", "0");
            Exec(BridgeNs, "ip", "link", "set", "br1", "type", "bridge", "forward_delay", "0", "stp_state", "0");
            Exec(BridgeNs, "ip", "link", "set", "br0", "up");
            Exec(BridgeNs, "ip", "link", "set", "br1", "up");

            AddNamespace(ServerNs);
            Attach(ServerNs, Interface, "br0", "psrv", mac: null);
            Exec(ServerNs, "ip", "addr", "add", ServerAddress + "/24", "dev", Interface);

            if (withRelay)
            {
                RelayNs = Name + "-rly";
                AddNamespace(RelayNs);
                Attach(RelayNs, "eth0", "br0", "prly0", mac: null);
                Attach(RelayNs, "eth1", "br1", "prly1", mac: null);
                Exec(RelayNs, "ip", "addr", "add", RelayUpstreamAddress + "/24", "dev", "eth0");
                Exec(RelayNs, "ip", "addr", "add", RelayDownstreamAddress + "/24", "dev", "eth1");
                Exec(RelayNs, "sysctl", "-qw", "net.ipv4.ip_forward=1");
                Exec(ServerNs, "ip", "route", "add", RelayedSubnet, "via", RelayUpstreamAddress);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>sdlab-PID-N: the prefix of every namespace of this lab.</summary>
    public string Name { get; }
    public string BridgeNs { get; }
    public string ServerNs { get; }
    /// <summary>Null unless the lab was made with a relay.</summary>
    public string? RelayNs { get; }
    /// <summary>A temporary directory for this lab's files (configs, leases, scripts), removed on dispose.</summary>
    public string WorkDir { get; }
    public IReadOnlyList<LabClient> Clients { get { lock (_gate) return _clients.ToList(); } }

    /// <summary>
    /// Adds a client namespace with interface eth0 on the server's segment (or behind the relay), MAC
    /// 02:00:00:00:00:NN (NN = its index, hex) unless <paramref name="mac"/> is given.
    /// </summary>
    public LabClient AddClient(bool behindRelay = false, string? mac = null)
    {
        if (behindRelay && RelayNs is null) throw new InvalidOperationException("this lab was made without a relay");
        int index;
        lock (_gate) index = _clients.Count + 1;
        var ns = $"{Name}-c{index}";
        mac ??= $"02:00:00:00:00:{index:x2}";
        AddNamespace(ns);
        Attach(ns, Interface, behindRelay ? "br1" : "br0", $"pc{index}", mac);
        var dir = Path.Combine(WorkDir, $"c{index}");
        Directory.CreateDirectory(dir);
        var client = new LabClient(this, index, ns, Interface, mac, behindRelay, dir);
        lock (_gate) _clients.Add(client);
        return client;
    }

    /// <summary>
    /// Adds a namespace <c>sdlab-PID-N-ROLE</c> whose <c>eth0</c> (MAC <paramref name="mac"/>, or the kernel's) is on
    /// the server's segment (br0) with <paramref name="addressCidr"/>: another server, or a load generator. ROLE is a
    /// few lower-case letters and digits, unique in the lab. Returns the namespace's name.
    /// </summary>
    public string AddHost(string role, string addressCidr, string? mac = null)
    {
        var ns = $"{Name}-{role}";
        AddNamespace(ns);
        Attach(ns, Interface, "br0", "p" + role, mac);
        Exec(ns, "ip", "addr", "add", addressCidr, "dev", Interface);
        return ns;
    }

    /// <summary>Starts a long-running program in <paramref name="netns"/>; the lab kills it on dispose.</summary>
    public LabProcess Start(string netns, string program, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var p = LabProcess.Start(netns, program, args, environment);
        lock (_gate) _processes.Add(p);
        return p;
    }

    public LabProcess StartInServer(string program, params string[] args) => Start(ServerNs, program, args);

    /// <summary>
    /// Starts ISC dhcrelay in the relay namespace (<c>dhcrelay -4 -d [-a] -id eth1 -iu eth0 10.66.0.1</c>);
    /// <paramref name="addAgentInformation"/> adds option 82 (circuit id "eth1"). Returns once it listens.
    /// </summary>
    public async Task<LabProcess> StartRelayAsync(bool addAgentInformation = true)
    {
        if (RelayNs is null) throw new InvalidOperationException("this lab was made without a relay");
        LabRequirements.EnsureTools("dhcrelay");
        var args = new List<string> { "-4", "-d" };
        if (addAgentInformation) args.Add("-a");
        args.AddRange(["-pf", Path.Combine(WorkDir, "dhcrelay.pid"), "-id", "eth1", "-iu", "eth0", ServerAddress]);
        var relay = Start(RelayNs, "dhcrelay", args);
        if (!await relay.WaitForOutputAsync("Sending on   Socket/fallback", TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException("dhcrelay did not start\n" + relay.Output);
        return relay;
    }

    /// <summary>Runs a short command in <paramref name="netns"/> and returns its stdout; throws when it fails.</summary>
    public string Exec(string netns, params string[] args) =>
        LabProcess.Run(netns, args[0], args.Skip(1), CommandTimeout);

    /// <summary>Something to undo on dispose (e.g. a client's state file outside <see cref="WorkDir"/>).</summary>
    public void OnDispose(Action cleanup)
    {
        lock (_gate) _cleanups.Add(cleanup);
    }

    /// <summary>The namespaces this lab has created, in creation order.</summary>
    public IReadOnlyList<string> Namespaces { get { lock (_gate) return _namespaces.ToList(); } }

    private void AddNamespace(string ns)
    {
        LabProcess.Run(null, "ip", ["netns", "add", ns], CommandTimeout);
        lock (_gate) _namespaces.Add(ns);
        Exec(ns, "ip", "link", "set", "lo", "up");
        Exec(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
    }

    // A veth pair born with one end in the host namespace NS and the other as a bridge port.
    private void Attach(string ns, string iface, string bridge, string port, string? mac)
    {
        LabProcess.Run(null, "ip", ["link", "add", iface, "netns", ns, "type", "veth", "peer", "name", port, "netns", BridgeNs],
            CommandTimeout);
        if (mac is not null) Exec(ns, "ip", "link", "set", iface, "address", mac);
        Exec(BridgeNs, "ip", "link", "set", port, "master", bridge, "up");
        Exec(ns, "ip", "link", "set", iface, "up");
    }

    public void Dispose()
    {
        List<LabProcess> processes;
        List<string> namespaces;
        List<Action> cleanups;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            processes = _processes.ToList();
            namespaces = _namespaces.ToList();
            cleanups = _cleanups.ToList();
        }
        foreach (var p in processes) Try(p.Dispose);
        foreach (var ns in namespaces) Try(() => KillEverythingIn(ns));
        foreach (var ns in namespaces.AsEnumerable().Reverse())
            Try(() => LabProcess.Run(null, "ip", ["netns", "del", ns], CommandTimeout));
        foreach (var c in cleanups) Try(c);
        Try(() => Directory.Delete(WorkDir, recursive: true));
    }

    /// <summary>
    /// Deletes namespaces named like a lab's whose test process is gone (a crashed or killed earlier run),
    /// after killing what still runs in them. Returns the names removed.
    /// </summary>
    public static IReadOnlyList<string> SweepLeftovers()
    {
        var removed = new List<string>();
        foreach (var ns in ListNamespaces())
        {
            var m = OwnName.Match(ns);
            if (!m.Success) continue;
            var pid = int.Parse(m.Groups[1].Value);
            if (pid == Environment.ProcessId || Native.IsAlive(pid)) continue;
            Try(() => KillEverythingIn(ns));
            Try(() => LabProcess.Run(null, "ip", ["netns", "del", ns], CommandTimeout));
            removed.Add(ns);
        }
        return removed;
    }

    /// <summary>Every network namespace the host knows by name (`ip netns list`).</summary>
    public static IReadOnlyList<string> ListNamespaces() =>
        LabProcess.Run(null, "ip", ["netns", "list"], CommandTimeout)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')[0])
            .ToList();

    private static void KillEverythingIn(string ns)
    {
        for (var round = 0; round < 20; round++)
        {
            var pids = PidsIn(ns);
            if (pids.Count == 0) return;
            foreach (var pid in pids) Native.Kill(pid, Native.SigKill);
            Thread.Sleep(50);
        }
    }

    private static List<int> PidsIn(string ns) =>
        LabProcess.Run(null, "ip", ["netns", "pids", ns], CommandTimeout, check: false)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s.Trim(), out var p) ? p : 0)
            .Where(p => p > 0 && p != Environment.ProcessId)
            .ToList();

    private static void Try(Action a)
    {
        try { a(); } catch (Exception) { /* best effort: the next step or the sweeper finishes the job */ }
    }
}
