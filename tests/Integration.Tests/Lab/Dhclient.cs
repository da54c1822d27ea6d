namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// ISC dhclient (isc-dhcp-client 4.4) on a lab client, with its own script (<c>-sf</c>: records the event and
/// puts the address and default route on the namespace's interface, as the Debian script would, without
/// touching the host's /etc/resolv.conf), its own config (<c>-cf</c>: Debian's request list, optional
/// host-name, <c>timeout</c> = the obtain timeout), lease file (<c>-lf</c>) and pid file (<c>-pf</c>).
/// <para>Renewal: dhclient has no signal or command that forces a RENEW. It renews by itself at T1, so a test
/// that wants RENEW/REBIND gives the client a short lease (a few seconds) and calls <see cref="RenewAsync"/>,
/// which waits for it. <see cref="RebootAsync"/> restarts dhclient with the same lease file, which makes it
/// INIT-REBOOT (REQUEST with option 50, no server id; event REBOOT). T1/T2 appear as
/// new_dhcp_renewal_time / new_dhcp_rebinding_time only when the server sent options 58/59.</para>
/// </summary>
public sealed class Dhclient : LabDhcpClient
{
    private readonly string? _hostname;

    public Dhclient(LabClient host, string? hostname = null) : base(host, "dhclient")
    {
        LabRequirements.EnsureTools("dhclient");
        _hostname = hostname;
        LeaseFile = Path.Combine(Dir, "dhclient.leases");
        PidFile = Path.Combine(Dir, "dhclient.pid");
        ConfigFile = Path.Combine(Dir, "dhclient.conf");
        // The event is recorded once the interface is configured: a test that sees "BOUND" may look at the address.
        ScriptPath = WriteScript("dhclient-script", ConfigureInterface + "\n" + RecordLines("$reason"));
    }

    public string LeaseFile { get; }
    public string PidFile { get; }
    public string ConfigFile { get; }
    public string ScriptPath { get; }

    /// <summary>The lease database as dhclient wrote it (shows e.g. <c>option dhcp-renewal-time</c>).</summary>
    public string LeaseDatabase => File.Exists(LeaseFile) ? File.ReadAllText(LeaseFile) : "";

    private const string ConfigureInterface = """
        case "$reason" in
        BOUND|RENEW|REBIND|REBOOT)
          if [ -n "$old_ip_address" ] && [ "$old_ip_address" != "$new_ip_address" ]; then ip addr flush dev "$interface"; fi
          ip addr replace "$new_ip_address/$new_subnet_mask" dev "$interface"
          r=${new_routers%% *}
          if [ -n "$r" ]; then ip route replace default via "$r" dev "$interface"; fi
          ;;
        EXPIRE|FAIL|RELEASE|STOP)
          if [ -n "$old_ip_address" ]; then ip addr del "$old_ip_address/$old_subnet_mask" dev "$interface" 2>/dev/null; fi
          ;;
        esac
        """;

    protected override LeaseResult Map(IReadOnlyDictionary<string, string> v) => ScriptEvents.FromIscNames(v);
    protected override bool IsBoundEvent(LeaseResult e) => e.Event is "BOUND" or "RENEW" or "REBIND" or "REBOOT";
    protected override bool IsLossEvent(LeaseResult e) => e.Event is "EXPIRE" or "FAIL" or "RELEASE" or "STOP" or "TIMEOUT";

    /// <summary>
    /// Starts <c>dhclient -1 -d</c> (one try, foreground) and returns its BOUND (or REBOOT, when the lease file
    /// already holds a lease) event; null when it got no lease within <paramref name="timeout"/>, in which case
    /// dhclient has exited or been stopped. On success dhclient keeps running (renewing at T1).
    /// </summary>
    public async Task<LeaseResult?> ObtainAsync(TimeSpan timeout)
    {
        if (Process is { HasExited: false }) throw new InvalidOperationException("dhclient is already running");
        WriteConfig(timeout);
        Process = Host.Lab.Start(Host.Namespace, "dhclient",
            ["-1", "-d", "-v", "-cf", ConfigFile, "-sf", ScriptPath, "-lf", LeaseFile, "-pf", PidFile, Host.Interface]);
        var lease = await WaitForEventAsync(e => IsBoundEvent(e) || e.Event is "FAIL" or "TIMEOUT",
            timeout + TimeSpan.FromSeconds(2));
        if (lease is null || !IsBoundEvent(lease))
        {
            await StopAsync();
            return null;
        }
        return lease;
    }

    /// <summary>Waits for the running dhclient's next RENEW or REBIND (it renews at the server's T1).</summary>
    public Task<LeaseResult?> RenewAsync(TimeSpan timeout)
    {
        if (Process is not { HasExited: false }) throw new InvalidOperationException("dhclient is not running");
        return WaitForEventAsync(e => e.Event is "RENEW" or "REBIND", timeout);
    }

    /// <summary>Stops dhclient (no release) and starts it again on the same lease file: INIT-REBOOT.</summary>
    public async Task<LeaseResult?> RebootAsync(TimeSpan timeout)
    {
        await StopAsync();
        return await ObtainAsync(timeout);
    }

    /// <summary>
    /// Stops the running dhclient and runs <c>dhclient -r</c> with the same files: it sends a RELEASE to the
    /// server and reports RELEASE to its script (which removes the address). Returns that event, or null.
    /// </summary>
    public async Task<LeaseResult?> ReleaseAsync(TimeSpan timeout)
    {
        await StopAsync();
        WriteConfig(timeout);
        Process = Host.Lab.Start(Host.Namespace, "dhclient",
            ["-r", "-d", "-v", "-cf", ConfigFile, "-sf", ScriptPath, "-lf", LeaseFile, "-pf", PidFile, Host.Interface]);
        var released = await WaitForEventAsync(e => e.Event == "RELEASE", timeout);
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(3));
        return released;
    }

    private void WriteConfig(TimeSpan timeout)
    {
        var send = _hostname is null ? "" : $"send host-name \"{_hostname}\";\n";
        File.WriteAllText(ConfigFile,
            "option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;\n" + send +
            "request subnet-mask, broadcast-address, time-offset, routers, domain-name, domain-name-servers,\n" +
            "  domain-search, host-name, interface-mtu, rfc3442-classless-static-routes, ntp-servers;\n" +
            $"timeout {Seconds(timeout)};\ninitial-interval 1;\n");
    }
}
