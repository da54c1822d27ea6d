using System.Runtime.Serialization;
using System.Text;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Pools;
using Xunit;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>pool.snapshot.v2's positional encoding: exact round trip of every field, nulls included; damage refused.</summary>
public class PoolSnapshotCodecTests() : TestKit(ConfigurationFactory
    .ParseString("akka.actor.serialization-settings.allow-unregistered-types = false")
    .WithFallback(PoolSerialization.Config))
{
    // Sub-second instants with a non-zero offset: the encoding keeps the instant exactly (UTC ticks).
    private static readonly DateTimeOffset T = new DateTimeOffset(2025, 6, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);

    private static PoolSnapshot Sample() => new(
        [Ip("10.0.0.12"), Ip("10.0.0.13"), Ip("255.255.255.254")],
        [
            new PoolSnapshot.BoundEntry(Ip("10.0.0.10"), Key(1), Mac(1), T, T.AddMinutes(5), "guest-10-0-0-10", 3),
            new PoolSnapshot.BoundEntry(Ip("10.0.0.14"), "01aabbcc", new(0xFFFFFFFFFFFF), T, T.AddHours(1), null, 0),
        ],
        [
            new PoolSnapshot.QuarantineEntry(Ip("10.0.0.11"), AddressState.InUse, null, Mac(2), T.AddHours(1)),
            new PoolSnapshot.QuarantineEntry(Ip("10.0.0.15"), AddressState.Declined, Key(3), null, T.AddHours(2)),
        ],
        [Key(4), "client \"quoted\" \\ ünï"],
        [
            new PoolSnapshot.ClientEntry(Key(1), new LeaseRecord(Mac(1), Ip("10.0.0.10"), T.AddMinutes(5), 3, Ip("10.0.0.10"),
                [new LeaseHistoryEntry(T, "granted", Ip("10.0.0.10")), new LeaseHistoryEntry(T.AddMinutes(2), "renewed", Ip("10.0.0.10"))])),
            new PoolSnapshot.ClientEntry(Key(5), new LeaseRecord(null, null, null, 0, null, [])),
            new PoolSnapshot.ClientEntry(Key(6), new LeaseRecord(Mac(6), null, null, 1, Ip("10.0.0.16"),
                [new LeaseHistoryEntry(T, "some-future-event", Ip("10.0.0.16"))])),
        ]);

    private (PoolSerializer Serializer, string Manifest) Serializer(PoolSnapshot s)
    {
        var serializer = (PoolSerializer)Sys.Serialization.FindSerializerFor(s);
        return (serializer, serializer.Manifest(s));
    }

    [Fact]
    public void Every_field_round_trips_exactly()
    {
        var s = Sample();
        var (serializer, manifest) = Serializer(s);
        Assert.Equal("pool.snapshot.v2", manifest);
        var back = (PoolSnapshot)serializer.FromBinary(serializer.ToBinary(s), manifest);

        Assert.Equal(s.Free, back.Free);
        Assert.Equal(s.Bound, back.Bound);
        Assert.Equal(s.Quarantined, back.Quarantined);
        Assert.Equal(s.Blocked, back.Blocked);
        Assert.Equal(s.Clients!.Count, back.Clients!.Count);
        foreach (var (a, b) in s.Clients.Zip(back.Clients))
        {
            Assert.Equal(a.ClientKey, b.ClientKey);
            Assert.Equal(a.Record with { History = [] }, b.Record with { History = [] });
            Assert.Equal(a.Record.History, b.Record.History);
        }
        Assert.Equal(T.UtcTicks, back.Bound[0].BoundAt.UtcTicks);
        Assert.StartsWith("{\"format\":2,\"free\":[167772172,", Encoding.UTF8.GetString(serializer.ToBinary(s)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    public void A_truncated_snapshot_is_refused(int keep)
    {
        var (serializer, manifest) = Serializer(Sample());
        var bytes = serializer.ToBinary(Sample());
        Assert.ThrowsAny<Exception>(() => serializer.FromBinary(bytes[..Math.Min(keep, bytes.Length - 1)], manifest));
    }

    [Fact]
    public void Another_format_number_or_an_unknown_member_is_refused()
    {
        var (serializer, manifest) = Serializer(Sample());
        Assert.Throws<SerializationException>(() => serializer.FromBinary(
            "{\"format\":3,\"free\":[],\"bound\":[],\"quarantined\":[],\"blocked\":[],\"clients\":[]}"u8.ToArray(), manifest));
        Assert.Throws<SerializationException>(() => serializer.FromBinary("{\"format\":2,\"leases\":[]}"u8.ToArray(), manifest));
    }
}
