using StaticDhcpd.Integration.Tests.Lab;
using Xunit;
using static StaticDhcpd.Integration.Tests.Static.StaticPlan;

namespace StaticDhcpd.Integration.Tests.Static;

/// <summary>
/// What a user sees with each real client: ISC dhclient, busybox udhcpc and dhcpcd each get their static
/// address with every option of its subnet (router, mask, DNS, domain, hostname, lease time, T1 = ½ lease,
/// T2 = ⅞ lease, server identifier) on their interface; a renewal keeps the address; a dhclient restarted on its
/// lease file INIT-REBOOTs and is ACKed.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class RealClientTests(LocalServerFixture fixture) : IClassFixture<LocalServerFixture>
{
    private static readonly TimeSpan Obtain = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Dhclient_gets_its_static_address_and_options_and_is_acked_on_init_reboot()
    {
        var host = fixture.Lab.AddClient(mac: Alpha.Mac);
        var dhclient = new Dhclient(host);

        var lease = await dhclient.ObtainAsync(Obtain);

        AssertLease(lease, "BOUND", Alpha);
        Assert.Equal("10.66.0.255", lease!.Variables.GetValueOrDefault("new_broadcast_address"));
        Assert.Equal("10.66.0.123", lease.Variables.GetValueOrDefault("new_ntp_servers"));
        Assert.Contains($"{Alpha.Ip}/24", host.Addresses());
        Assert.Contains("option dhcp-renewal-time 1800;", dhclient.LeaseDatabase);
        Assert.Contains("option dhcp-rebinding-time 3150;", dhclient.LeaseDatabase);

        // Restarted on the same lease file, dhclient asks for its address back (INIT-REBOOT); REBOOT = ACKed.
        var reboot = await dhclient.RebootAsync(Obtain);
        AssertLease(reboot, "REBOOT", Alpha);
        Assert.Contains($"{Alpha.Ip}/24", host.Addresses());
        await dhclient.StopAsync();
    }

    [Fact]
    public async Task Dhclient_renews_by_itself_at_t1_and_keeps_its_address()
    {
        var host = fixture.Lab.AddClient(mac: Delta.Mac);
        var dhclient = new Dhclient(host);

        var lease = await dhclient.ObtainAsync(Obtain);
        AssertLease(lease, "BOUND", Delta); // lease 8 s: T1 4 s, T2 7 s

        var renewed = await dhclient.RenewAsync(TimeSpan.FromSeconds(20));
        AssertLease(renewed, "RENEW", Delta);
        Assert.Contains($"{Delta.Ip}/24", host.Addresses());
        await dhclient.StopAsync();
    }

    [Fact]
    public async Task Udhcpc_gets_its_static_address_and_options_and_keeps_it_on_renew()
    {
        var host = fixture.Lab.AddClient(mac: Bravo.Mac);
        var udhcpc = new Udhcpc(host);

        var lease = await udhcpc.ObtainAsync(Obtain);

        AssertLease(lease, "bound", Bravo);
        Assert.Equal("10.66.0.255", lease!.Variables.GetValueOrDefault("broadcast"));
        Assert.Contains($"{Bravo.Ip}/24", host.Addresses());

        var renewed = await udhcpc.RenewAsync(TimeSpan.FromSeconds(15)); // SIGUSR1: unicast REQUEST (RENEWING)
        AssertLease(renewed, "renew", Bravo);
        Assert.Contains($"{Bravo.Ip}/24", host.Addresses());
        await udhcpc.StopAsync();
    }

    [Fact]
    public async Task Dhcpcd_gets_its_static_address_and_options_and_keeps_it_on_renew()
    {
        var host = fixture.Lab.AddClient(mac: Charlie.Mac);
        var dhcpcd = new Dhcpcd(host);

        var lease = await dhcpcd.ObtainAsync(Obtain);

        AssertLease(lease, "BOUND", Charlie);
        Assert.Equal("10.66.0.255", lease!.Variables.GetValueOrDefault("new_broadcast_address"));
        Assert.Contains($"{Charlie.Ip}/24", host.Addresses());

        var renewed = await dhcpcd.RenewAsync(TimeSpan.FromSeconds(15)); // SIGUSR1
        AssertLease(renewed, "RENEW", Charlie);
        Assert.Contains($"{Charlie.Ip}/24", host.Addresses());
        await dhcpcd.StopAsync();
    }

    /// <summary>The client's event carries the definition and every option of its (subnet, serial).</summary>
    internal static void AssertLease(LeaseResult? lease, string expectedEvent, MapRow m)
    {
        Assert.NotNull(lease);
        var s = SubnetOf(m);
        Assert.True(expectedEvent == lease.Event, $"expected {expectedEvent}, got {lease}");
        Assert.Equal(m.Ip, lease.Address);
        Assert.Equal(s.SubnetMask, lease.Mask);
        Assert.Equal(List(s.Gateway), lease.Routers);
        Assert.Equal(List(s.DomainNameServers), lease.Dns);
        Assert.Equal(s.DomainName, lease.Domain);
        Assert.Equal(m.Hostname, lease.Hostname);
        Assert.Equal(TimeSpan.FromSeconds(s.LeaseTime), lease.LeaseTime);
        Assert.Equal(TimeSpan.FromSeconds(s.LeaseTime / 2), lease.T1);
        Assert.Equal(TimeSpan.FromSeconds(s.LeaseTime * 7L / 8), lease.T2);
        Assert.Equal(NetnsLab.ServerAddress, lease.ServerId);
    }
}
