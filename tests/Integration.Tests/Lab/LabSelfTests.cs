using StaticDhcpd.Messages.Dhcp;
using Xunit;

namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// The harness against a known-good server (Kea): every client driver gets what Kea hands out, renewal and
/// release work as documented, the relay leg works, and nothing of the lab survives Dispose.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class LabSelfTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Dhclient_gets_kea_lease_with_its_options_and_timers_then_reboots_and_releases()
    {
        using var lab = new NetnsLab();
        await KeaServer.StartAsync(lab);
        var client = lab.AddClient();
        var dhclient = new Dhclient(client);

        var lease = await dhclient.ObtainAsync(Timeout);

        Assert.NotNull(lease);
        Assert.Equal("BOUND", lease.Event);
        Assert.StartsWith("10.66.0.", lease.Address);
        Assert.Equal("255.255.255.0", lease.Mask);
        Assert.Equal(["10.66.0.1"], lease.Routers);
        Assert.Equal(["10.66.0.1"], lease.Dns);
        Assert.Equal(KeaServer.Domain, lease.Domain);
        Assert.Equal("10.66.0.1", lease.ServerId);
        Assert.Equal(TimeSpan.FromSeconds(3600), lease.LeaseTime);
        Assert.Equal(TimeSpan.FromSeconds(1800), lease.T1);
        Assert.Equal(TimeSpan.FromSeconds(3150), lease.T2);
        Assert.Contains($"{lease.Address}/24", client.Addresses());
        Assert.Contains("option dhcp-renewal-time 1800", dhclient.LeaseDatabase);

        var reboot = await dhclient.RebootAsync(Timeout);
        Assert.NotNull(reboot);
        Assert.Equal("REBOOT", reboot.Event);
        Assert.Equal(lease.Address, reboot.Address);

        var released = await dhclient.ReleaseAsync(Timeout);
        Assert.NotNull(released);
        Assert.DoesNotContain($"{lease.Address}/24", client.Addresses());
        Assert.Null(dhclient.Current);
    }

    [Fact]
    public async Task Dhclient_renews_by_itself_at_a_short_t1()
    {
        using var lab = new NetnsLab();
        await KeaServer.StartAsync(lab, leaseSeconds: 8, renewSeconds: 2, rebindSeconds: 6);
        var dhclient = new Dhclient(lab.AddClient());

        var lease = await dhclient.ObtainAsync(Timeout);
        Assert.NotNull(lease);
        var renewed = await dhclient.RenewAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(renewed);
        Assert.Equal("RENEW", renewed.Event);
        Assert.Equal(lease.Address, renewed.Address);
    }

    [Fact]
    public async Task Udhcpc_gets_kea_lease_renews_on_sigusr1_and_releases_on_sigusr2()
    {
        using var lab = new NetnsLab();
        await KeaServer.StartAsync(lab);
        var client = lab.AddClient();
        var udhcpc = new Udhcpc(client);

        var lease = await udhcpc.ObtainAsync(Timeout);

        Assert.NotNull(lease);
        Assert.Equal("bound", lease.Event);
        Assert.StartsWith("10.66.0.", lease.Address);
        Assert.Equal("255.255.255.0", lease.Mask);
        Assert.Equal(["10.66.0.1"], lease.Routers);
        Assert.Equal(["10.66.0.1"], lease.Dns);
        Assert.Equal(KeaServer.Domain, lease.Domain);
        Assert.Equal("10.66.0.1", lease.ServerId);
        Assert.Equal(TimeSpan.FromSeconds(3600), lease.LeaseTime);
        Assert.Equal(TimeSpan.FromSeconds(1800), lease.T1);
        Assert.Contains($"{lease.Address}/24", client.Addresses());

        var renewed = await udhcpc.RenewAsync(Timeout);
        Assert.NotNull(renewed);
        Assert.Equal("renew", renewed.Event);
        Assert.Equal(lease.Address, renewed.Address);

        var released = await udhcpc.ReleaseAsync(Timeout);
        Assert.NotNull(released);
        Assert.Empty(client.Addresses());
    }

    [Fact]
    public async Task Dhcpcd_gets_kea_lease_renews_and_releases_without_touching_var_lib_dhcpcd()
    {
        var before = HostDhcpcdState();
        using (var lab = new NetnsLab())
        {
            await KeaServer.StartAsync(lab);
            var client = lab.AddClient();
            var dhcpcd = new Dhcpcd(client);

            var lease = await dhcpcd.ObtainAsync(Timeout);

            Assert.NotNull(lease);
            Assert.Equal("BOUND", lease.Event);
            Assert.StartsWith("10.66.0.", lease.Address);
            Assert.Equal("255.255.255.0", lease.Mask);
            Assert.Equal(["10.66.0.1"], lease.Routers);
            Assert.Equal(["10.66.0.1"], lease.Dns);
            Assert.Equal(KeaServer.Domain, lease.Domain);
            Assert.Equal("10.66.0.1", lease.ServerId);
            Assert.Equal(TimeSpan.FromSeconds(3600), lease.LeaseTime);
            Assert.Contains($"{lease.Address}/24", client.Addresses());
            Assert.True(File.Exists(Path.Combine(dhcpcd.DbDir, "eth0.lease")), "dhcpcd's lease should land in the driver's own dir");

            var renewed = await dhcpcd.RenewAsync(Timeout);
            Assert.NotNull(renewed);
            Assert.Equal(lease.Address, renewed.Address);

            var capture = await TcpdumpCapture.StartAsync(lab, lab.ServerNs);
            var released = await dhcpcd.ReleaseAsync(Timeout);
            var packets = await capture.StopAsync();
            Assert.NotNull(released);
            Assert.Contains(packets, p => p.Packet is { } r && r.Options.MessageType == DhcpMessageType.Release &&
                                          r.ClientMac.ToString() == client.Mac && r.ClientAddress.ToString() == lease.Address);
            Assert.DoesNotContain($"{lease.Address}/24", client.Addresses());
        }
        Assert.Equal(before, HostDhcpcdState());
    }

    [Fact]
    public async Task Client_behind_dhcrelay_gets_an_address_of_the_relayed_subnet_and_server_sees_option_82()
    {
        using var lab = new NetnsLab(withRelay: true);
        await KeaServer.StartAsync(lab);
        await lab.StartRelayAsync(addAgentInformation: true);
        var capture = await TcpdumpCapture.StartAsync(lab, lab.ServerNs);
        var dhclient = new Dhclient(lab.AddClient(behindRelay: true));

        var lease = await dhclient.ObtainAsync(Timeout);
        var packets = await capture.StopAsync();

        Assert.NotNull(lease);
        Assert.StartsWith("10.67.0.", lease.Address);
        Assert.Equal([NetnsLab.RelayDownstreamAddress], lease.Routers);
        var relayed = packets.Where(p => p.Packet is { Op: BootOp.BootRequest }).ToList();
        Assert.NotEmpty(relayed);
        Assert.All(relayed, p => Assert.Equal(NetnsLab.RelayDownstreamAddress, p.Packet!.RelayAddress.ToString()));
        Assert.All(relayed, p => Assert.Equal(NetnsLab.RelayUpstreamAddress, p.Source));
        Assert.All(relayed, p => Assert.True(p.Packet!.Options.Contains(DhcpOptionCode.RelayAgentInformation), "option 82 expected"));
    }

    [Fact]
    public async Task Three_clients_on_one_segment_get_distinct_addresses_and_dispose_leaves_nothing()
    {
        string[] namespaces;
        string workDir;
        int keaPid;
        using (var lab = new NetnsLab(withRelay: true))
        {
            var kea = await KeaServer.StartAsync(lab);
            keaPid = kea.Process.Pid;
            await lab.StartRelayAsync();
            var capture = await TcpdumpCapture.StartAsync(lab, lab.ServerNs);
            var a = await new Dhclient(lab.AddClient(), hostname: "host-a").ObtainAsync(Timeout);
            var b = await new Udhcpc(lab.AddClient(), hostname: "host-b").ObtainAsync(Timeout);
            var c = await new Dhcpcd(lab.AddClient(), hostname: "host-c").ObtainAsync(Timeout);
            var packets = await capture.StopAsync();

            Assert.NotNull(a);
            Assert.NotNull(b);
            Assert.NotNull(c);
            Assert.Equal(3, new[] { a.Address, b.Address, c.Address }.Distinct().Count());
            Assert.Equal(["02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:03"], lab.Clients.Select(x => x.Mac));
            // Each driver's hostname reaches the server, sent by the MAC the lab gave that client.
            foreach (var (mac, host) in new[] { ("02:00:00:00:00:01", "host-a"), ("02:00:00:00:00:02", "host-b"), ("02:00:00:00:00:03", "host-c") })
                Assert.Contains(packets, p => p.Packet is { Op: BootOp.BootRequest } r && r.ClientMac.ToString() == mac && r.Options.HostName == host);
            namespaces = lab.Namespaces.ToArray();
            workDir = lab.WorkDir;
            Assert.Subset(NetnsLab.ListNamespaces().ToHashSet(), namespaces.ToHashSet());
        }
        Assert.Empty(NetnsLab.ListNamespaces().Intersect(namespaces));
        Assert.False(Directory.Exists(workDir));
        Assert.False(Directory.Exists($"/proc/{keaPid}"), "Kea should have been killed");
    }

    [Fact]
    public async Task Without_a_server_every_client_reports_no_lease_within_its_timeout_and_is_stopped()
    {
        using var lab = new NetnsLab();
        var wait = TimeSpan.FromSeconds(4);
        var dhclient = new Dhclient(lab.AddClient());
        var udhcpc = new Udhcpc(lab.AddClient());
        var dhcpcd = new Dhcpcd(lab.AddClient());
        var started = DateTime.UtcNow;

        var results = await Task.WhenAll(dhclient.ObtainAsync(wait), udhcpc.ObtainAsync(wait), dhcpcd.ObtainAsync(wait));

        Assert.All(results, Assert.Null);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "ObtainAsync must honour its timeout");
        Assert.True(dhclient.Process!.HasExited && udhcpc.Process!.HasExited && dhcpcd.Process!.HasExited);
        Assert.All(lab.Clients, c => Assert.Empty(c.Addresses()));
    }

    [Fact]
    public void Sweeper_removes_namespaces_of_a_dead_run_and_keeps_live_ones()
    {
        LabRequirements.EnsureRoot();
        // pid 0x7ffffffe is above any pid_max Linux allows, so that "run" is certainly dead.
        var dead = $"{NetnsLab.Prefix}-2147483646-1-srv";
        var live = $"{NetnsLab.Prefix}-{Environment.ProcessId}-999999-srv";
        LabProcess.Run(null, "ip", ["netns", "add", dead], Timeout);
        LabProcess.Run(null, "ip", ["netns", "add", live], Timeout);
        try
        {
            var removed = NetnsLab.SweepLeftovers();

            Assert.Contains(dead, removed);
            Assert.Contains(live, NetnsLab.ListNamespaces());
            Assert.DoesNotContain(dead, NetnsLab.ListNamespaces());
        }
        finally
        {
            LabProcess.Run(null, "ip", ["netns", "del", live], Timeout, check: false);
            LabProcess.Run(null, "ip", ["netns", "del", dead], Timeout, check: false);
        }
    }

    private static string HostDhcpcdState() =>
        Directory.Exists("/var/lib/dhcpcd")
            ? string.Join(',', Directory.GetFileSystemEntries("/var/lib/dhcpcd").Order())
            : "";
}
