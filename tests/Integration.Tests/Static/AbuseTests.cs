using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Messages.Dhcp;
using Xunit;
using static StaticDhcpd.Integration.Tests.Static.StaticPlan;
using static StaticDhcpd.Integration.Tests.Static.StaticWire;

namespace StaticDhcpd.Integration.Tests.Static;

/// <summary>
/// A client that floods the server is suspended (staticDHCPd's suspend-threshold, default 10 packets, draining
/// one a second; misbehaving-client-timeout 150 s) while a well-behaved client is still served; packets that
/// are not DHCP are dropped and the server keeps serving the client whose MAC they carried.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class AbuseTests(LocalServerFixture fixture) : IClassFixture<LocalServerFixture>
{
    private const int SuspendThreshold = 10; // the default the fixture's server runs with
    private const int Flood = 40;

    [Fact]
    public async Task A_flooding_mac_is_suspended_while_a_well_behaved_client_is_still_served()
    {
        // Golf is defined: without the suspension every DISCOVER would be answered.
        var xid = NewXid();
        var answered = await Task.Run(() =>
        {
            for (var i = 0; i < Flood; i++) fixture.Probe.Send(Discover(Golf.Mac, xid));
            return fixture.Probe.Collect(xid, SilenceWindow);
        });

        // The first packets are served; past the threshold the MAC is ignored. (A little more than the threshold
        // may be answered on a slow machine: the counter drains by one per second of processing.)
        Assert.NotEmpty(answered);
        Assert.All(answered, r => AssertStaticLease(r, DhcpMessageType.Offer, Golf));
        Assert.InRange(answered.Count, 1, SuspendThreshold + 5);
        Assert.Contains($"{Golf.Mac} exceeded suspend-threshold", fixture.Server.Log);

        // Another client is served meanwhile, by a real client on its own host.
        var udhcpc = new Udhcpc(fixture.Lab.AddClient(mac: Hotel.Mac));
        var lease = await udhcpc.ObtainAsync(TimeSpan.FromSeconds(30));
        RealClientTests.AssertLease(lease, "bound", Hotel);
        await udhcpc.StopAsync();

        // The flooder, now quiet, is still ignored.
        var later = await SendAndListenAsync(fixture.Probe, Discover(Golf.Mac, NewXid()));
        Assert.Empty(later);
    }

    [Fact]
    public async Task Malformed_packets_are_dropped_and_the_server_keeps_serving()
    {
        var xid = NewXid();
        var good = DhcpCodec.Encode(WithRequestList(Discover(India.Mac, xid)));
        var garbage = Malformed(good).ToList();

        var answers = await Task.Run(() =>
        {
            foreach (var (_, bytes) in garbage) fixture.Probe.SendRaw(bytes);
            return fixture.Probe.Collect(xid, SilenceWindow);
        });

        Assert.Empty(answers);
        Assert.False(fixture.Server.Process.HasExited, "the server died on malformed input\n" + fixture.Server.Log);
        // Every datagram that is not DHCP was counted as malformed, which the operator sees on SIGUSR1.
        var undecodable = garbage.Count(g => !DhcpCodec.Decode(g.Bytes).Ok);
        Assert.True(undecodable > 5, "the test sends too few undecodable datagrams");
        var stats = await ServerStatistics.DumpAsync(fixture.Server.Process, pools: 0, TimeSpan.FromSeconds(10));
        Assert.True(stats.Counter("malformed") >= undecodable, $"{undecodable} undecodable datagrams sent: {stats.CountersLine}");
        Assert.True(stats.Counter("received") >= garbage.Count, stats.CountersLine);
        // The MAC the garbage carried is not held against the client: its well-formed DISCOVER is answered.
        var offer = await ExchangeAsync(fixture.Probe, Discover(India.Mac, NewXid()));
        AssertStaticLease(offer, DhcpMessageType.Offer, India);
    }

    private static DhcpPacket WithRequestList(DhcpPacket p)
    {
        p.Options.ParameterRequestList = [1, 3, 6, 12, 15, 28, 51, 58, 59];
        return p;
    }

    /// <summary>
    /// Damaged copies of a good DISCOVER (<paramref name="good"/>), one per way a datagram can fail to be DHCP,
    /// plus noise. Each would be answered if the server read past the damage.
    /// </summary>
    private static IEnumerable<(string What, byte[] Bytes)> Malformed(byte[] good)
    {
        const int options = DhcpCodec.OptionsOffset;
        byte[] With(Action<byte[]> damage)
        {
            var b = (byte[])good.Clone();
            damage(b);
            return b;
        }
        byte[] WithOptions(params byte[] o)
        {
            var b = new byte[options + o.Length];
            good.AsSpan(0, options).CopyTo(b);
            o.CopyTo(b, options);
            return b;
        }

        yield return ("empty datagram", []);
        yield return ("one byte", [1]);
        yield return ("truncated header", good[..200]);
        yield return ("header without cookie", good[..236]);
        yield return ("bad magic cookie", With(b => b[236] ^= 0xff));
        yield return ("bad op", With(b => b[0] = 3));
        yield return ("hlen past chaddr", With(b => b[2] = 17));
        yield return ("option overruns the datagram", WithOptions(53, 1, 1, 12, 200, (byte)'a', (byte)'b'));
        yield return ("length octet missing", WithOptions(53, 1, 1, 12));
        yield return ("no END option", WithOptions(53, 1, 1, 0, 0, 0, 0));
        yield return ("53 of length 2", WithOptions(53, 2, 1, 1, 255));
        yield return ("zero-length 53", WithOptions(53, 0, 255));
        yield return ("50 of length 3", WithOptions(53, 1, 1, 50, 3, 10, 66, 0, 255));
        yield return ("no message type (BOOTP)", WithOptions(12, 3, (byte)'a', (byte)'b', (byte)'c', 255));
        yield return ("message type 99", WithOptions(53, 1, 99, 255));
        yield return ("overload twice", WithOptions(53, 1, 1, 52, 1, 1, 52, 1, 1, 255));
        yield return ("overload 7", WithOptions(53, 1, 1, 52, 1, 7, 255));
        var noise = new byte[1400];
        new Random(4242).NextBytes(noise);
        yield return ("noise", noise);
    }
}
