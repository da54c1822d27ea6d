using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Wire;
using StaticDhcpd.Messages.Dhcp;
using Xunit;

namespace StaticDhcpd.Integration.Tests.Static;

/// <summary>
/// One lab and one staticdhcpd per test class (xUnit class fixture): the server is started on
/// <see cref="StaticPlan"/>'s database with <see cref="DhcpSettings"/>, then warmed up by a scripted probe
/// client (<see cref="Probe"/>, MAC <see cref="StaticPlan.Probe"/>) until it answers a DISCOVER, so that the
/// first test does not pay for JIT and the first database query, and a silence a test observes is the server's
/// decision rather than its start-up. Disposal stops the server by pid, then removes the lab.
/// </summary>
public abstract class StaticServerFixture : IAsyncLifetime
{
    public static readonly TimeSpan WarmUpTimeout = TimeSpan.FromSeconds(60);

    public NetnsLab Lab { get; private set; } = null!;
    public StaticServer Server { get; private set; } = null!;
    public LabClient ProbeHost { get; private set; } = null!;
    /// <summary>A scripted client on the server's segment (UDP 68 in <see cref="ProbeHost"/>'s namespace).</summary>
    public WireClient Probe { get; private set; } = null!;

    protected abstract bool WithRelay { get; }
    /// <summary>HOCON lines for <c>staticdhcpd.dhcp</c>, on top of the lab's interface and server address.</summary>
    protected abstract string DhcpSettings { get; }

    public async Task InitializeAsync()
    {
        Lab = new NetnsLab(WithRelay);
        try
        {
            Server = await StaticServer.StartAsync(Lab, DhcpSettings, StaticPlan.Subnets, StaticPlan.Maps);
            ProbeHost = Lab.AddClient(mac: StaticPlan.Probe.Mac);
            Probe = new WireClient(ProbeHost.Namespace);
            await WarmUpAsync();
            await StartedAsync();
        }
        catch
        {
            try { await DisposeAsync(); }
            catch (InvalidOperationException) { /* the start-up failure below says more */ }
            throw;
        }
    }

    /// <summary>More set-up once the server answers (a relay, say).</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    private async Task WarmUpAsync()
    {
        var deadline = DateTime.UtcNow + WarmUpTimeout;
        var xid = StaticWire.NewXid();
        while (DateTime.UtcNow < deadline)
        {
            if (Server.Process.HasExited)
                throw new InvalidOperationException("staticdhcpd exited during warm-up\n" + Server.Log);
            var offer = await Task.Run(() => Probe.Exchange(StaticWire.Discover(StaticPlan.Probe.Mac, xid), TimeSpan.FromSeconds(3)));
            if (offer is { MessageType: DhcpMessageType.Offer }) return;
        }
        throw new InvalidOperationException(
            $"staticdhcpd did not answer the probe's DISCOVER within {WarmUpTimeout.TotalSeconds} s\n{Server.Log}");
    }

    /// <summary>
    /// Stops the server as systemd does (SIGTERM to its pid) and removes the lab; then fails the class if the server
    /// did not shut down cleanly (exit code 0 within the grace period), or died earlier.
    /// </summary>
    public async Task DisposeAsync()
    {
        Probe?.Dispose();
        string? unclean = null;
        if (Server is not null)
        {
            var diedEarly = Server.Process.HasExited;
            await Server.StopAsync(TimeSpan.FromSeconds(20));
            if (diedEarly || Server.Process.ExitCode != 0)
                unclean = $"staticdhcpd {(diedEarly ? "had exited before the end of the tests" : "did not stop cleanly on SIGTERM")}" +
                          $" (exit code {Server.Process.ExitCode})\n{Server.Log}";
        }
        Lab?.Dispose();
        if (unclean is not null) throw new InvalidOperationException(unclean);
    }
}

/// <summary>A server on the lab's segment with staticDHCPd's default flags (not authoritative, no relays).</summary>
public sealed class LocalServerFixture : StaticServerFixture
{
    protected override bool WithRelay => false;
    protected override string DhcpSettings => "";
}

/// <summary>
/// nak-renewals = on (not authoritative): a RENEWING client is NAKed, a REBINDING one is not — which tells whether
/// the server saw how a REQUEST with ciaddr was sent (unicast to it, or broadcast).
/// </summary>
public sealed class NakRenewalsServerFixture : StaticServerFixture
{
    protected override bool WithRelay => false;
    protected override string DhcpSettings => "nak-renewals = on";
}

/// <summary>
/// A server with a dhcrelay in front of the relayed segment (<c>-a</c>: it adds option 82), relays allowed and
/// authoritative on.
/// </summary>
public sealed class RelayServerFixture : StaticServerFixture
{
    protected override bool WithRelay => true;
    protected override string DhcpSettings => "allow-relays = on\nauthoritative = on";

    public LabProcess Relay { get; private set; } = null!;

    protected override async Task StartedAsync() => Relay = await Lab.StartRelayAsync(addAgentInformation: true);
}
