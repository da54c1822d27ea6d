using Akka.Actor;
using StaticDhcpd.Actors.Arp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>What the pool does with ARP: the conflict check before an offer, and a scan's answers. A TestProbe stands
/// in for the node's ArpService (the service itself is tested in Arp/).</summary>
public class ArpFeedTests(ITestOutputHelper output) : LeasePathTestKit(output)
{
    private static readonly MacAddress Squatter = MacAddress.Parse("02:aa:00:00:00:01");

    [Fact]
    public void An_address_that_answers_the_conflict_check_is_marked_in_use_and_the_client_is_offered_another()
    {
        var arp = CreateTestProbe();
        StartRegions(Settings() with { ConflictCheck = true }, arp: arp.Ref);

        Regions.Tell(Req(1, DhcpMethod.Discover, correlation: 1), TestActor);
        var first = arp.ExpectMsg<ProbeAddress>(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // no offer before the check
        arp.Reply(new ProbeResult(first.Id, first.Address, Squatter));
        var second = arp.ExpectMsg<ProbeAddress>();
        Assert.NotEqual(first.Address, second.Address);
        arp.Reply(new ProbeResult(second.Id, second.Address, null));

        var offer = ExpectMsg<LeaseReply>(r => r.CorrelationId == 1);
        Assert.Equal((LeaseOutcome.Offer, second.Address), (offer.Outcome, offer.Address));
        AwaitAssert(() => Assert.Equal(1, Status().InUse), TimeSpan.FromSeconds(5));
        // Nobody is offered the squatter's address, even asking for it.
        Regions.Tell(Req(2, DhcpMethod.Discover, requested: first.Address.ToString(), correlation: 2), TestActor);
        var probed = arp.ExpectMsg<ProbeAddress>();
        Assert.NotEqual(first.Address, probed.Address);
    }

    [Fact]
    public void Conflict_checks_for_many_clients_run_at_once()
    {
        var arp = CreateTestProbe();
        StartRegions(Settings() with { ConflictCheck = true }, arp: arp.Ref);
        foreach (var c in ClientsOfDistinctBuckets(3).Concat(ClientsOfBucket(0).Skip(1).Take(2)))
            Regions.Tell(Req(c, DhcpMethod.Discover, correlation: c), TestActor);
        // Five probes are out before any is answered: no client waits for another's check.
        var probes = Enumerable.Range(0, 5)
            .Select(_ => (Probe: arp.ExpectMsg<ProbeAddress>(TimeSpan.FromSeconds(10)), From: arp.LastSender)).ToList();
        Assert.Equal(5, probes.Select(p => p.Probe.Address).Distinct().Count());
        foreach (var (p, from) in probes) arp.Send(from, new ProbeResult(p.Id, p.Address, null));
        var offers = ReceiveN(5, TimeSpan.FromSeconds(5)).Cast<LeaseReply>().ToList();
        Assert.All(offers, o => Assert.Equal(LeaseOutcome.Offer, o.Outcome));
        Assert.Equal(probes.Select(p => p.Probe.Address).Order(), offers.Select(o => o.Address).Order());
    }

    [Fact]
    public void A_retransmitted_discover_gets_the_held_offer_without_a_second_probe()
    {
        var arp = CreateTestProbe();
        StartRegions(Settings() with { ConflictCheck = true }, arp: arp.Ref);
        Regions.Tell(Req(1, DhcpMethod.Discover, correlation: 1), TestActor);
        var p = arp.ExpectMsg<ProbeAddress>(TimeSpan.FromSeconds(10));
        arp.Reply(new ProbeResult(p.Id, p.Address, null));
        Assert.Equal(p.Address, ExpectMsg<LeaseReply>().Address);

        Assert.Equal(p.Address, Send(Req(1, DhcpMethod.Discover, correlation: 2)).Address);
        arp.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Each_address_a_start_up_scan_finds_answering_becomes_a_lease_for_the_mac_that_answered()
    {
        var arp = CreateTestProbe();
        StartRegions(Settings() with { ArpScan = new ArpScanSettings { OnStart = true } }, arp: arp.Ref);
        Status(); // starts the pool entity, which starts its scan
        var scan = arp.ExpectMsg<ScanAddresses>(TimeSpan.FromSeconds(10));
        Assert.Equal(("guests", 10), (scan.Pool, scan.Addresses.Count));

        scan.ReportTo.Tell(new ArpAnswered("guests", Ip("10.0.0.15"), Squatter));
        AwaitAssert(() =>
        {
            var lease = Assert.Single(Bound());
            Assert.Equal((Ip("10.0.0.15"), ClientKey.From(null, Squatter)), (lease.Address, lease.ClientKey));
        }, TimeSpan.FromSeconds(5));
        // Another client asking for it gets another address.
        Assert.NotEqual(Ip("10.0.0.15"), Dora(3, requested: "10.0.0.15"));
    }

    [Fact]
    public void A_scan_asked_for_on_a_node_without_arp_is_answered_unavailable()
    {
        Regions.Tell(new StartPoolScan("guests"), TestActor);
        var progress = ExpectMsg<PoolScanProgress>(TimeSpan.FromSeconds(10));
        Assert.Equal((PoolScanState.Unavailable, 10), (progress.State, progress.Total));
    }

    [Fact]
    public void A_scan_asked_for_is_forwarded_to_the_arp_service_with_the_pool_ranges()
    {
        var arp = CreateTestProbe();
        StartRegions(Settings(), arp: arp.Ref);
        Regions.Tell(new StartPoolScan("guests"), TestActor);
        var scan = arp.ExpectMsg<ScanAddresses>(TimeSpan.FromSeconds(10));
        Assert.Equal(Ip("10.0.0.10"), scan.Addresses[0]);
        arp.Reply(new PoolScanProgress("guests", PoolScanState.Running, 10, 0, 0, DateTimeOffset.UtcNow, null, "eth0", null));
        Assert.Equal(PoolScanState.Running, ExpectMsg<PoolScanProgress>().State);
    }

    [Fact]
    public void With_an_interval_the_pool_is_scanned_again_and_again_and_a_status_query_goes_to_the_arp_service()
    {
        var arp = CreateTestProbe();
        StartRegions(Settings() with { ArpScan = new ArpScanSettings { Interval = TimeSpan.FromMilliseconds(300) } }, arp: arp.Ref);
        Status(); // starts the pool entity; no on-start scan
        var first = arp.ExpectMsg<ScanAddresses>(TimeSpan.FromSeconds(5));
        var second = arp.ExpectMsg<ScanAddresses>(TimeSpan.FromSeconds(5));
        Assert.Equal(("guests", "guests"), (first.Pool, second.Pool));

        Regions.Tell(new GetPoolScan("guests"), TestActor);
        var query = arp.FishForMessage<QueryScan>(_ => true, TimeSpan.FromSeconds(5));
        Assert.Equal(("guests", 10), (query.Pool, query.Addresses.Count));
    }
}
