namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// dhcpcd (9.4) on a lab client: foreground (<c>-B</c>), IPv4 only (<c>-4</c>), its own config (<c>-f</c>:
/// Debian's option list, optional hostname, <c>noarp</c> unless asked to probe) and hook script (<c>-c</c>:
/// records $reason and the new_* variables; dhcpcd configures the address itself).
/// <para>State: dhcpcd keeps its lease in /var/lib/dhcpcd and pid/socket in /run/dhcpcd, fixed at build time
/// and shared by every namespace. <c>ip netns exec</c> gives each run a private mount namespace, so this driver
/// bind-mounts directories of its own over both before exec'ing dhcpcd: nothing lands on the host's dirs and two
/// clients both called eth0 never meet. The mount points are created when missing (on a fresh machine /run/dhcpcd
/// does not exist until dhcpcd has run once); they stay empty on the host.</para>
/// <para>Renewal: SIGUSR1 renews at once (event RENEW), SIGHUP rebinds, SIGALRM releases (sends RELEASE; event STOP) and exits.
/// T1/T2 show as new_dhcp_renewal_time/new_dhcp_rebinding_time when the server sent 58/59. ARP probing of
/// the offered address costs 5–7 s, hence <c>noarp</c> by default.</para>
/// </summary>
public sealed class Dhcpcd : LabDhcpClient
{
    private readonly string? _hostname;
    private readonly bool _arpProbe;

    public Dhcpcd(LabClient host, string? hostname = null, bool arpProbe = false) : base(host, "dhcpcd")
    {
        LabRequirements.EnsureTools("dhcpcd");
        _hostname = hostname;
        _arpProbe = arpProbe;
        DbDir = Path.Combine(Dir, "var-lib-dhcpcd");
        RunDir = Path.Combine(Dir, "run-dhcpcd");
        foreach (var d in new[] { DbDir, RunDir })
        {
            Directory.CreateDirectory(d);
            Native.Chmod(d, (UnixFileMode)0b111_101_101); // 0755: dhcpcd's unprivileged helpers read it
        }
        ConfigFile = Path.Combine(Dir, "dhcpcd.conf");
        ScriptPath = WriteScript("dhcpcd-hook", RecordLines("$reason"));
    }

    public string ConfigFile { get; }
    public string ScriptPath { get; }
    /// <summary>What dhcpcd sees as /var/lib/dhcpcd (its lease file is <c>eth0.lease</c>).</summary>
    public string DbDir { get; }
    /// <summary>What dhcpcd sees as /run/dhcpcd.</summary>
    public string RunDir { get; }

    protected override LeaseResult Map(IReadOnlyDictionary<string, string> v) => ScriptEvents.FromIscNames(v);
    protected override bool IsBoundEvent(LeaseResult e) => e.Event is "BOUND" or "RENEW" or "REBIND" or "REBOOT";
    protected override bool IsLossEvent(LeaseResult e) => e.Event is "EXPIRE" or "RELEASE" or "STOP" or "STOPPED" or "FAIL" or "NAK";

    /// <summary>
    /// Starts dhcpcd (<c>-B -4 -t N</c>, plus <c>-1</c> when <paramref name="oneShot"/>: exit after the lease)
    /// and returns its first bound-type event; null when none came within <paramref name="timeout"/>.
    /// </summary>
    public async Task<LeaseResult?> ObtainAsync(TimeSpan timeout, bool oneShot = false)
    {
        if (Process is { HasExited: false }) throw new InvalidOperationException("dhcpcd is already running");
        WriteConfig();
        var dhcpcd = $"exec dhcpcd -B -4 {(oneShot ? "-1 " : "")}-t {Seconds(timeout)} -f '{ConfigFile}' -c '{ScriptPath}' {Host.Interface}";
        Process = Host.Lab.Start(Host.Namespace, "sh",
            ["-c", $"mkdir -p /var/lib/dhcpcd /run/dhcpcd && mount --bind '{DbDir}' /var/lib/dhcpcd && mount --bind '{RunDir}' /run/dhcpcd && {dhcpcd}"]);
        var lease = await WaitForEventAsync(IsBoundEvent, timeout + TimeSpan.FromSeconds(2));
        if (lease is null) await StopAsync();
        return lease;
    }

    /// <summary>SIGUSR1: renew now; returns the RENEW (or REBIND) event.</summary>
    public Task<LeaseResult?> RenewAsync(TimeSpan timeout)
    {
        if (Process is not { HasExited: false } p) throw new InvalidOperationException("dhcpcd is not running");
        p.Signal(Native.SigUsr1);
        return WaitForEventAsync(e => e.Event is "RENEW" or "REBIND" or "BOUND", timeout);
    }

    /// <summary>
    /// SIGALRM: dhcpcd sends a RELEASE, drops the address and exits; returns the event it then reports, which
    /// dhcpcd 9.4 calls STOP (RELEASE is accepted too).
    /// </summary>
    public async Task<LeaseResult?> ReleaseAsync(TimeSpan timeout)
    {
        if (Process is not { HasExited: false } p) throw new InvalidOperationException("dhcpcd is not running");
        p.Signal(14); // SIGALRM
        var released = await WaitForEventAsync(e => e.Event is "RELEASE" or "STOP", timeout, untilExit: false);
        await p.WaitForExitAsync(TimeSpan.FromSeconds(3));
        return released;
    }

    private void WriteConfig()
    {
        var lines = new List<string>
        {
            "option domain_name_servers, domain_name, domain_search, host_name",
            "option classless_static_routes, interface_mtu",
            "require dhcp_server_identifier",
            "clientid",
            "ipv4only",
            "noipv4ll",
        };
        if (!_arpProbe) lines.Add("noarp");
        if (_hostname is not null) lines.Add("hostname " + _hostname);
        File.WriteAllText(ConfigFile, string.Join('\n', lines) + "\n");
    }
}
