using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Messages.Dhcp;
using Xunit;
using static StaticDhcpd.Integration.Tests.Static.StaticPlan;
using static StaticDhcpd.Integration.Tests.Static.StaticWire;

namespace StaticDhcpd.Integration.Tests.Static;

/// <summary>
/// The operator's loop (README: "after you change the database, send SIGHUP"): definitions are cached once
/// found and an unknown MAC is ignored for unauthorized-client-timeout, so a change to the database shows only
/// after SIGHUP to the server's pid — then a redefined client gets its new address and a newly registered one is
/// served at once, without waiting out its blocklisting.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class ReloadTests(LocalServerFixture fixture) : IClassFixture<LocalServerFixture>
{
    private const int SigHup = 1;
    private const string KiloNewIp = "10.66.0.31";

    [Fact]
    public async Task After_sighup_a_changed_definition_and_a_new_registration_are_served()
    {
        var before = await ExchangeAsync(fixture.Probe, Discover(Kilo.Mac, NewXid()));
        AssertStaticLease(before, DhcpMessageType.Offer, Kilo);
        Assert.Empty(await SendAndListenAsync(fixture.Probe, Discover(Registered.Mac, NewXid())));

        var db = fixture.Server.DatabaseFile;
        StaticDatabase.Run(db, "UPDATE maps SET ip = $ip WHERE mac = $mac", ("$ip", KiloNewIp), ("$mac", Kilo.Mac));
        StaticDatabase.Insert(db, Registered);

        // Not yet: Kilo's definition is cached, the new MAC is blocklisted.
        var cached = await ExchangeAsync(fixture.Probe, Discover(Kilo.Mac, NewXid()));
        Assert.Equal(Kilo.Ip, cached?.YourAddress.ToString());
        Assert.Empty(await SendAndListenAsync(fixture.Probe, Discover(Registered.Mac, NewXid())));

        Assert.True(Native.Kill(fixture.Server.Process.Pid, SigHup), "the server is gone");
        Assert.True(await fixture.Server.Process.WaitForOutputAsync("SIGHUP: flushing", TimeSpan.FromSeconds(10)),
            "no SIGHUP line in the log\n" + fixture.Server.Log);

        var redefined = await OfferAsync(Kilo.Mac, KiloNewIp);
        AssertStaticLease(redefined, DhcpMessageType.Offer, Kilo with { Ip = KiloNewIp });
        var registered = await OfferAsync(Registered.Mac, Registered.Ip);
        AssertStaticLease(registered, DhcpMessageType.Offer, Registered);
    }

    /// <summary>
    /// DISCOVERs once a second until an OFFER of <paramref name="ip"/> comes (bounded): the flush travels from the
    /// signal handler through the actors, so the first DISCOVER after the log line may still overtake it.
    /// </summary>
    private async Task<DhcpPacket?> OfferAsync(string mac, string ip)
    {
        DhcpPacket? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            last = await Task.Run(() => fixture.Probe.Exchange(Discover(mac, NewXid()), TimeSpan.FromSeconds(2)));
            if (last?.YourAddress.ToString() == ip) return last;
        }
        return last;
    }
}
