using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Static;
using StaticDhcpd.Integration.Tests.Wire;
using StaticDhcpd.Messages.Dhcp;
using Xunit;
using static StaticDhcpd.Integration.Tests.Dynamic.DynamicPlan;

namespace StaticDhcpd.Integration.Tests.Dynamic;

/// <summary>
/// The LAN-party flow of the README with a real dhclient: the server's eth0 has 10.66.0.1/24 (a static subnet in the
/// staticDHCPd database) and 10.77.0.1/16 (the registration pool "guests", 12 s leases). An unknown dhclient gets a
/// guest lease; the webhook (a listener in the server's namespace) receives unknown-mac with its MAC; the operator
/// INSERTs a maps row and sends SIGHUP; at its next renewal dhclient is NAKed, then gets its static address; the guest
/// lease is released, so another client can have that address. The webhook also hears of the granted guest lease.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class RegistrationFlowTests
{
    private const int GuestLease = 12; // T1 6 s
    private const int SigHup = 1;
    private const string ProbeMac = "02:00:00:00:d3:0f";
    private const string GuestMac = "02:00:00:00:d3:01";
    private const string LaterGuestMac = "02:00:00:00:d3:02";

    private static readonly SubnetRow Segment = new(NetnsLab.ServerSubnet, 0, 3600, NetnsLab.ServerAddress, "255.255.255.0",
        "10.66.0.255", "", "10.66.0.53", "lab.example");
    private static readonly MapRow Registered = new(GuestMac, "10.66.0.40", "registered", Segment.Subnet, 0);

    [Fact]
    public async Task Unknown_dhclient_gets_a_guest_lease_is_reported_then_registered_and_ends_on_its_static_address()
    {
        using var lab = new NetnsLab();
        using var hook = new WebhookListener(lab.ServerNs);
        var server = await DynamicServer.StartAsync(lab, new DynamicServerOptions
        {
            Pools = GuestsPool(GuestLease),
            ExtraAddresses = [PoolServerAddress],
            Subnets = [Segment],
            Extra = $$"""webhook { url = "{{hook.Url}}", events = ["unknown-mac", "lease-granted"], timeout = 5s }""",
        });
        using var probe = new WireClient(lab.AddClient(mac: ProbeMac).Namespace);
        await server.RunTestAsync(async () =>
        {
            await server.WarmUpAsync(probe, ProbeMac, TimeSpan.FromSeconds(60));
            var host = lab.AddClient(mac: GuestMac);
            var dhclient = new Dhclient(host);

            // 1. A guest lease, and the operator hears of the MAC.
            var guest = await dhclient.ObtainAsync(TimeSpan.FromSeconds(30));
            AssertPoolLease(guest, "BOUND", GuestLease);
            var guestAddress = guest!.Address!;
            var unknown = await hook.WaitForAsync(p => p.Field("event") == "unknown-mac" && p.Field("mac") == GuestMac,
                TimeSpan.FromSeconds(10));
            Assert.True(unknown is not null, "no unknown-mac POST for " + GuestMac + "; got:\n" +
                string.Join("\n", hook.Posts.Select(p => p.Body)));
            Assert.Equal("/hook", unknown.Path);
            Assert.StartsWith("application/json", unknown.ContentType);
            Assert.Equal(PoolName, unknown.Field("pool"));
            Assert.Equal(NetnsLab.Interface, unknown.Field("interface"));
            Assert.True(Guid.TryParse(unknown.Field("id"), out var _), unknown.Body);
            var granted = await hook.WaitForAsync(p => p.Field("event") == "lease-granted" && p.Field("mac") == GuestMac,
                TimeSpan.FromSeconds(10));
            Assert.True(granted is not null, "no lease-granted POST for " + GuestMac + "; got:\n" +
                string.Join("\n", hook.Posts.Select(p => p.Body)));
            Assert.Equal(guestAddress, granted.Field("address"));
            Assert.Equal(PoolName, granted.Field("pool"));

            // 2. The operator registers it.
            StaticDatabase.Insert(server.DatabaseFile, Registered);
            Assert.True(Native.Kill(server.Process.Pid, SigHup), "the server is gone");
            Assert.True(await server.Process.WaitForOutputAsync("SIGHUP: flushing", TimeSpan.FromSeconds(10)),
                "no SIGHUP line in the log");

            // 3. At its next renewal (T1 = 6 s) dhclient is NAKed, goes back to DISCOVER and binds the static address.
            var bound = await dhclient.WaitForEventAsync(e => e.Event is "BOUND" && e.Address == Registered.Ip,
                TimeSpan.FromSeconds(30));
            Assert.True(bound is not null, "dhclient did not end on " + Registered.Ip + "; events:\n" +
                string.Join("\n", dhclient.Events) + "\n" + dhclient.Process?.Output);
            Assert.Equal("255.255.255.0", bound.Mask);
            Assert.Equal([NetnsLab.ServerAddress], bound.Routers);
            Assert.Equal("registered", bound.Hostname);
            Assert.Equal(TimeSpan.FromSeconds(3600), bound.LeaseTime);
            Assert.Contains($"{Registered.Ip}/24", host.Addresses());
            Assert.DoesNotContain(host.Addresses(), a => a.StartsWith(guestAddress + "/"));
            Assert.Contains("DHCPNAK", dhclient.Process!.Output);

            // 4. The guest lease was released: the server says so, and another client may now have the address.
            Assert.True(await server.Process.WaitForOutputAsync($"releasing its lease on {guestAddress} in pool {PoolName}",
                TimeSpan.FromSeconds(5)), "no release line");
            Assert.True(await server.Process.WaitForOutputAsync($"released dynamic lease {guestAddress}",
                TimeSpan.FromSeconds(5)), "the pool did not confirm the release");
            var reuse = await StaticWire.ExchangeAsync(probe, StaticWire.InitReboot(LaterGuestMac, StaticWire.NewXid(), guestAddress));
            Assert.True(reuse?.MessageType == DhcpMessageType.Ack, $"{guestAddress} was not released: {reuse?.MessageType}");
            Assert.Equal(guestAddress, reuse!.YourAddress.ToString());

            await dhclient.StopAsync();
            Assert.False(server.Process.HasExited, "staticdhcpd died");
        });
    }
}
