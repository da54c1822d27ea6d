using Akka.Actor;
using Akka.TestKit.Xunit2;
using StaticDhcpd.Actors.Arp;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using Xunit;
using Xunit.Abstractions;

namespace StaticDhcpd.Actors.Tests.Arp;

/// <summary>The node's ARP service over in-memory interfaces: routing by subnet, pacing, answers, probes, progress.</summary>
public class ArpServiceTests(ITestOutputHelper output) : TestKit("akka.actor.provider = local", output: output)
{
    private static readonly MacAddress Own = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly MacAddress Host = MacAddress.Parse("02:aa:00:00:00:07");
    private readonly FakeLinkDevice _lan = new("lan0");

    private static Ipv4Subnet Subnet(string s) => Ipv4Subnet.TryParse(s, out var n) ? n : throw new FormatException(s);

    private static IReadOnlyList<Ipv4Address> Addresses(string first, int n) =>
        Enumerable.Range(0, n).Select(i => new Ipv4Address(Ipv4Address.Parse(first).Value + (uint)i)).ToList();

    private IActorRef Service(params ArpLink[] more) => Sys.ActorOf(ArpService.Props(
        [new ArpLink("lan0", Own, [Subnet("10.77.0.0/16"), Subnet("192.168.50.0/24")], _lan, null), .. more]));

    private static readonly ArpScanSettings Fast = new() { Rate = 1000, Retries = 1, Timeout = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public void A_scan_asks_every_address_of_the_pool_and_reports_each_answer_and_the_end()
    {
        var arp = Service();
        var pool = Addresses("10.77.100.10", 10);
        arp.Tell(new ScanAddresses("lan", pool, Fast, TestActor), TestActor);
        var started = ExpectMsg<PoolScanProgress>();
        Assert.Equal((PoolScanState.Running, 10, "lan0"), (started.State, started.Total, started.Interface));

        AwaitCondition(() => _lan.Asked.Distinct().Count() == 10, TimeSpan.FromSeconds(3));
        _lan.Answer(pool[3], Host);
        _lan.Answer(pool[3], MacAddress.Parse("02:bb:00:00:00:01")); // a second answer for it is not a second host
        _lan.Answer(Ipv4Address.Parse("10.77.200.1"), Host); // not in the pool
        Assert.Equal(new ArpAnswered("lan", pool[3], Host), ExpectMsg<ArpAnswered>());
        Assert.Equal(new ArpScanDone("lan", 10, 1), ExpectMsg<ArpScanDone>(TimeSpan.FromSeconds(3)));

        // Nothing outside the pool was asked; every unanswered address twice (one retry), the answered one once or twice.
        Assert.All(_lan.Asked, a => Assert.Contains(a, pool));
        Assert.All(pool.Where(a => a != pool[3]), a => Assert.Equal(2, _lan.Asked.Count(x => x == a)));
        arp.Tell(new QueryScan("lan", pool), TestActor);
        var done = ExpectMsg<PoolScanProgress>();
        Assert.Equal((PoolScanState.Finished, 10, 10, 1), (done.State, done.Total, done.Probed, done.Answered));
        Assert.NotNull(done.FinishedAt);
    }

    [Fact]
    public void A_scan_keeps_to_its_rate()
    {
        var arp = Service();
        arp.Tell(new ScanAddresses("lan", Addresses("10.77.100.0", 1000), Fast with { Rate = 200, Retries = 0 }, TestActor), TestActor);
        ExpectMsg<PoolScanProgress>();
        Thread.Sleep(2000);
        var sent = _lan.Sent.ToList();
        var span = (sent[^1].At - sent[0].At).TotalSeconds;
        // 200/s: about 400 in two seconds (timer jitter allowed), never a burst beyond 50 ms' worth.
        Assert.InRange(sent.Count, 300, 420);
        Assert.True(sent.Count <= 200 * span + 10 + 1, $"{sent.Count} requests in {span:F2} s");
    }

    [Fact]
    public void Asking_for_a_running_scan_again_reports_it_without_restarting()
    {
        var arp = Service();
        var pool = Addresses("10.77.100.0", 500);
        var slow = Fast with { Rate = 100, Timeout = TimeSpan.FromSeconds(5) };
        arp.Tell(new ScanAddresses("lan", pool, slow, TestActor), TestActor);
        ExpectMsg<PoolScanProgress>();
        Thread.Sleep(300);
        arp.Tell(new ScanAddresses("lan", pool, slow, TestActor), TestActor);
        var again = ExpectMsg<PoolScanProgress>();
        Assert.Equal(PoolScanState.Running, again.State);
        Assert.True(again.Probed > 0, "the running scan's progress, not a new one");
        Assert.Equal(_lan.Asked.Count, _lan.Asked.Distinct().Count()); // nobody asked twice yet
    }

    [Fact]
    public void A_cancelled_scan_stops_sending_and_says_cancelled()
    {
        var arp = Service();
        var pool = Addresses("10.77.100.0", 500);
        arp.Tell(new ScanAddresses("lan", pool, Fast with { Rate = 100 }, TestActor), TestActor);
        ExpectMsg<PoolScanProgress>();
        Thread.Sleep(200);
        arp.Tell(new CancelScan("lan"));
        arp.Tell(new QueryScan("lan", pool), TestActor);
        Assert.Equal(PoolScanState.Cancelled, ExpectMsg<PoolScanProgress>().State);
        var count = _lan.Sent.Count;
        Thread.Sleep(300);
        Assert.Equal(count, _lan.Sent.Count);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // no ArpScanDone for a cancelled scan
    }

    [Fact]
    public void A_pool_never_scanned_is_idle_and_one_no_interface_faces_is_unavailable()
    {
        var arp = Service();
        arp.Tell(new QueryScan("lan", Addresses("192.168.50.10", 5)), TestActor);
        var idle = ExpectMsg<PoolScanProgress>();
        Assert.Equal((PoolScanState.Idle, 5, "lan0"), (idle.State, idle.Total, idle.Interface));

        arp.Tell(new ScanAddresses("relayed", Addresses("10.99.0.10", 5), Fast, TestActor), TestActor);
        var relayed = ExpectMsg<PoolScanProgress>();
        Assert.Equal(PoolScanState.Unavailable, relayed.State);
        Assert.Contains("no served interface faces 10.99.0.10", relayed.Note);
        Assert.Empty(_lan.Sent);
    }

    [Fact]
    public void An_interface_without_raw_frames_makes_its_pools_unavailable_with_the_reason()
    {
        var arp = Service(new ArpLink("lan1", Own, [Subnet("10.88.0.0/16")], null, "PermissionDenied"));
        arp.Tell(new ScanAddresses("other", Addresses("10.88.0.10", 5), Fast, TestActor), TestActor);
        var p = ExpectMsg<PoolScanProgress>();
        Assert.Equal((PoolScanState.Unavailable, "lan1"), (p.State, p.Interface));
        Assert.Equal("ARP cannot be sent on lan1: PermissionDenied", p.Note);
        arp.Tell(new ProbeAddress(Ipv4Address.Parse("10.88.0.10"), TimeSpan.FromSeconds(5), 9), TestActor);
        Assert.Equal(new ProbeResult(9, Ipv4Address.Parse("10.88.0.10"), null), ExpectMsg<ProbeResult>(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_probe_is_sent_at_once_and_answered_by_the_host_or_by_its_timeout()
    {
        var arp = Service();
        var taken = Ipv4Address.Parse("10.77.100.10");
        var free = Ipv4Address.Parse("10.77.100.11");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        arp.Tell(new ProbeAddress(taken, TimeSpan.FromMilliseconds(300), 1), TestActor);
        arp.Tell(new ProbeAddress(free, TimeSpan.FromMilliseconds(300), 2), TestActor);
        AwaitCondition(() => _lan.Asked.Count == 2, TimeSpan.FromSeconds(2));
        _lan.Answer(taken, Host);
        Assert.Equal(new ProbeResult(1, taken, Host), ExpectMsg<ProbeResult>(TimeSpan.FromSeconds(2)));
        Assert.Equal(new ProbeResult(2, free, null), ExpectMsg<ProbeResult>(TimeSpan.FromSeconds(3)));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"unanswered after {clock.ElapsedMilliseconds} ms, before its timeout");
    }

    [Fact]
    public void A_probe_that_cannot_be_sent_is_answered_at_once()
    {
        _lan.Fails = true;
        var arp = Service();
        arp.Tell(new ProbeAddress(Ipv4Address.Parse("10.77.100.10"), TimeSpan.FromSeconds(5), 3), TestActor);
        Assert.Null(ExpectMsg<ProbeResult>(TimeSpan.FromSeconds(2)).AnsweredBy); // not after its 5 s timeout
    }

    [Fact]
    public void Scans_of_two_pools_on_one_interface_each_get_their_own_answers()
    {
        var arp = Service();
        var a = Addresses("10.77.100.0", 5);
        var b = Addresses("192.168.50.100", 5);
        var poolA = CreateTestProbe();
        var poolB = CreateTestProbe();
        arp.Tell(new ScanAddresses("a", a, Fast, poolA.Ref), TestActor);
        arp.Tell(new ScanAddresses("b", b, Fast, poolB.Ref), TestActor);
        AwaitCondition(() => _lan.Asked.Distinct().Count() == 10, TimeSpan.FromSeconds(2));
        _lan.Answer(b[2], Host);
        Assert.Equal(new ArpAnswered("b", b[2], Host), poolB.ExpectMsg<ArpAnswered>());
        Assert.Equal(new ArpScanDone("a", 5, 0), poolA.ExpectMsg<ArpScanDone>(TimeSpan.FromSeconds(3)));
        Assert.Equal(new ArpScanDone("b", 5, 1), poolB.ExpectMsg<ArpScanDone>(TimeSpan.FromSeconds(3)));
    }
}
