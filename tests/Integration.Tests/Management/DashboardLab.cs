using System.Text.Json;
using StaticDhcpd.Integration.Tests.Dynamic;
using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Static;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>
/// A lab (namespaces <c>mgc-…</c>) with the real staticdhcpd serving the "guests" pool, a relayed pool no client here
/// reaches, and one static definition, its management HTTP on 127.0.0.1:8558 inside the server namespace with a
/// token, and ways to reach that from
/// there: <see cref="CtlAsync"/> runs the real executable's <c>ctl</c> in the namespace, <see cref="BrowserWrapper"/>
/// starts the system chromium in it (Playwright launches it through this script; the browser's pipe to
/// Playwright is inherited across <c>ip netns exec</c>, which execs rather than forks).
/// </summary>
public sealed class DashboardLab : IDisposable
{
    public const string NetnsPrefix = "mgc";
    public const string Token = "mgc-test-token";
    public const string Endpoint = "http://127.0.0.1:8558";
    public const int LeaseSeconds = 600;
    public const string RelayedPool = "relayed";
    public const string StaticMac = "02:00:00:00:5c:01";
    public const string StaticIp = "10.66.0.50";
    public static readonly TimeSpan Obtain = TimeSpan.FromSeconds(30);

    private DashboardLab(NetnsLab lab, DynamicServer server)
    {
        Lab = lab;
        Server = server;
        BrowserWrapper = Path.Combine(lab.WorkDir, "chromium-in-netns");
        File.WriteAllText(BrowserWrapper, $"#!/bin/sh\nexec ip netns exec {lab.ServerNs} /usr/bin/chromium \"$@\"\n");
        Native.Chmod(BrowserWrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public NetnsLab Lab { get; }
    public DynamicServer Server { get; }
    public string BrowserWrapper { get; }

    public static async Task<DashboardLab> StartAsync()
    {
        var lab = new NetnsLab(prefix: NetnsPrefix);
        try
        {
            var options = DynamicPlan.GuestsServer(LeaseSeconds) with
            {
                // A pool no interface of the node faces (as one served through a relay): it cannot be ARP-scanned.
                Pools = DynamicPlan.GuestsPool(LeaseSeconds) + $$"""
                    , { name = "{{RelayedPool}}", subnet = "10.79.0.0/24", ranges = ["10.79.0.10-10.79.0.19"], lease-time = {{LeaseSeconds}}s }
                    """,
                Extra = $$"""management { hostname = "127.0.0.1", port = 8558, token = "{{Token}}" }""",
                Subnets = [new SubnetRow("lab", 0, 3600, NetnsLab.ServerAddress, "255.255.255.0", "10.66.0.255", null, null, null)],
                Maps = [new MapRow(StaticMac, StaticIp, "static-one", "lab", 0)],
            };
            var server = await DynamicServer.StartAsync(lab, options);
            var d = new DashboardLab(lab, server);
            await d.WaitReadyAsync(TimeSpan.FromSeconds(60));
            return d;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>Until `ctl cluster show --json` lists this node Up (the management listener answers and the node joined).</summary>
    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        CtlResult last = new(-1, "", "");
        while (DateTime.UtcNow < deadline)
        {
            if (Server.Process.HasExited) throw new InvalidOperationException("staticdhcpd exited\n" + Server.Log);
            last = await CtlAsync("--endpoint", Endpoint, "cluster", "show", "--json");
            if (last.Code == 0 && JsonDocument.Parse(last.Out).RootElement.GetProperty("members").EnumerateArray()
                    .Any(m => m.GetProperty("status").GetString() == "Up"))
                return;
            await Task.Delay(500);
        }
        throw new InvalidOperationException($"the management endpoint did not show this node Up within {timeout.TotalSeconds} s: {last}\n{Server.Log}");
    }

    /// <summary>`staticdhcpd ctl ARGS` in the server's namespace (the executable the tests built); bounded.</summary>
    public async Task<CtlResult> CtlAsync(params string[] args)
    {
        using var p = LabProcess.Start(Lab.ServerNs, StaticServer.DotnetHost, [StaticServer.Dll, "ctl", .. args]);
        if (!await p.WaitForExitAsync(TimeSpan.FromSeconds(60)))
        {
            p.Kill();
            throw new TimeoutException($"{p.CommandLine} did not finish within 60 s\n{p.Output}");
        }
        return new CtlResult(p.ExitCode ?? -1, p.StandardOutput, p.StandardError);
    }

    /// <summary>Starts a long-running ctl (events tail) in the server's namespace; the lab kills it on dispose.</summary>
    public LabProcess StartCtl(params string[] args) =>
        Lab.Start(Lab.ServerNs, StaticServer.DotnetHost, [StaticServer.Dll, "ctl", .. args]);

    /// <summary>A real dhclient on a new client namespace; its BOUND lease (checked non-null).</summary>
    public async Task<(Dhclient Client, LeaseResult Lease)> ObtainAsync(string mac)
    {
        var client = new Dhclient(Lab.AddClient(mac: mac));
        var lease = await client.ObtainAsync(Obtain)
                    ?? throw new InvalidOperationException($"dhclient {mac} got no lease within {Obtain.TotalSeconds} s\n{Server.Log}");
        return (client, lease);
    }

    public void Dispose()
    {
        try { if (!Server.Process.HasExited) Server.StopAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult(); }
        finally { Lab.Dispose(); }
    }
}

public sealed record CtlResult(int Code, string Out, string Err)
{
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;
    public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
