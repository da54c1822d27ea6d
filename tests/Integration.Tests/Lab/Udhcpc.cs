namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// busybox udhcpc (1.35) on a lab client, in the foreground (<c>-f</c>), giving up when no lease comes
/// (<c>-n</c>), with its own script (<c>-s</c>: records <c>$1</c> and the environment — ip, subnet, mask,
/// router, dns, domain, hostname, lease, serverid, optNN for options it has no name for — and configures the
/// namespace's interface).
/// <para>Renewal: SIGUSR1 makes udhcpc renew at once (a unicast REQUEST to the server; event "renew"), SIGUSR2
/// makes it release (RELEASE, event "deconfig") and wait in the released state. udhcpc picks its own T1 (half
/// the lease) and exports no T1/T2 variables; when the server sends options 58/59 they show up as opt58/opt59
/// (hex) and are decoded into <see cref="LeaseResult.T1"/>/<see cref="LeaseResult.T2"/>.</para>
/// </summary>
public sealed class Udhcpc : LabDhcpClient
{
    private readonly string? _hostname;

    public Udhcpc(LabClient host, string? hostname = null) : base(host, "udhcpc")
    {
        LabRequirements.EnsureTools("udhcpc");
        _hostname = hostname;
        // The event is recorded once the interface is configured: a test that sees "bound" may look at the address.
        ScriptPath = WriteScript("udhcpc-script", ConfigureInterface + "\n" + RecordLines("$1"));
    }

    public string ScriptPath { get; }

    private const string ConfigureInterface = """
        case "$1" in
        deconfig) ip addr flush dev "$interface" ;;
        bound)
          ip addr flush dev "$interface"
          ip addr add "$ip/$mask" dev "$interface"
          for r in $router; do ip route replace default via "$r" dev "$interface"; break; done
          ;;
        renew) ip addr replace "$ip/$mask" dev "$interface" ;;
        esac
        """;

    protected override LeaseResult Map(IReadOnlyDictionary<string, string> v) => new(
        ScriptEvents.Get(v, "lab_event") ?? "?",
        ScriptEvents.Get(v, "ip"),
        ScriptEvents.Get(v, "subnet"),
        ScriptEvents.List(v, "router"),
        ScriptEvents.List(v, "dns"),
        ScriptEvents.Get(v, "domain"),
        ScriptEvents.Get(v, "hostname"),
        ScriptEvents.Seconds(ScriptEvents.Get(v, "lease")),
        ScriptEvents.HexSeconds(ScriptEvents.Get(v, "opt58")),
        ScriptEvents.HexSeconds(ScriptEvents.Get(v, "opt59")),
        ScriptEvents.Get(v, "serverid"),
        v);

    protected override bool IsBoundEvent(LeaseResult e) => e.Event is "bound" or "renew";
    protected override bool IsLossEvent(LeaseResult e) => e.Event is "deconfig" or "leasefail" or "nak";

    /// <summary>
    /// Starts udhcpc (<c>-f -n -t N -T 1</c>, optionally <c>-r <paramref name="requestIp"/></c>) and returns its
    /// "bound" event; null when it got none within <paramref name="timeout"/> (udhcpc then exits or is stopped).
    /// On success udhcpc keeps running.
    /// </summary>
    public async Task<LeaseResult?> ObtainAsync(TimeSpan timeout, string? requestIp = null)
    {
        if (Process is { HasExited: false }) throw new InvalidOperationException("udhcpc is already running");
        var args = new List<string> { "-f", "-n", "-i", Host.Interface, "-s", ScriptPath, "-t", Seconds(timeout), "-T", "1" };
        if (_hostname is not null) args.AddRange(["-x", "hostname:" + _hostname]);
        if (requestIp is not null) args.AddRange(["-r", requestIp]);
        Process = Host.Lab.Start(Host.Namespace, "udhcpc", args);
        var lease = await WaitForEventAsync(e => e.Event == "bound", timeout + TimeSpan.FromSeconds(1));
        if (lease is null) await StopAsync();
        return lease;
    }

    /// <summary>SIGUSR1: renew now; returns the "renew" event (null when the server did not ACK in time).</summary>
    public Task<LeaseResult?> RenewAsync(TimeSpan timeout)
    {
        if (Process is not { HasExited: false } p) throw new InvalidOperationException("udhcpc is not running");
        p.Signal(Native.SigUsr1);
        return WaitForEventAsync(e => e.Event is "renew" or "bound", timeout);
    }

    /// <summary>SIGUSR2: send RELEASE and drop the address; returns the "deconfig" event that follows.</summary>
    public Task<LeaseResult?> ReleaseAsync(TimeSpan timeout)
    {
        if (Process is not { HasExited: false } p) throw new InvalidOperationException("udhcpc is not running");
        p.Signal(Native.SigUsr2);
        return WaitForEventAsync(e => e.Event == "deconfig", timeout);
    }
}
