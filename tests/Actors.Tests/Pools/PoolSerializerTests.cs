using System.Text;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Pools.Internal;
using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Events;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Messages.Webhook;
using Xunit;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

public class PoolSerializerTests() : TestKit(ConfigurationFactory
    .ParseString("akka.actor.serialization-settings.allow-unregistered-types = false")
    .WithFallback(PoolSerialization.Config))
{
    private static readonly DateTimeOffset T = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>One sample of every registered type; a type added to the serializer without a sample fails below.</summary>
    private static readonly object[] Samples =
    [
        new AddressBound(Ip("10.0.0.10"), Key(1), Mac(1), T, T.AddMinutes(5), "guest-10-0-0-10", 2),
        new AddressReleased(Ip("10.0.0.10"), Key(1), T),
        new AddressDeclined(Ip("10.0.0.10"), Key(1), T, T.AddHours(1)),
        new AddressExpired(Ip("10.0.0.10"), Key(1), T),
        new AddressSeenInUse(Ip("10.0.0.11"), Mac(2), T, T.AddHours(1)),
        new ClientBlocked(Key(1), Ip("10.0.0.10"), T),
        new ClientUnblocked(Key(1), T),
        new ClientReleased(Key(1), Ip("10.0.0.10"), T),
        new LeaseGranted(Ip("10.0.0.10"), Mac(1), T, T.AddMinutes(5), null, 0),
        new LeaseEnded(Ip("10.0.0.10"), "expired", T),
        new PoolSnapshot([Ip("10.0.0.12"), Ip("10.0.0.13")],
            [new PoolSnapshot.BoundEntry(Ip("10.0.0.10"), Key(1), Mac(1), T, T.AddMinutes(5), null, 1)],
            [new PoolSnapshot.QuarantineEntry(Ip("10.0.0.11"), AddressState.InUse, null, Mac(2), T.AddHours(1))],
            [Key(3)],
            [new PoolSnapshot.ClientEntry(Key(1), new LeaseRecord(Mac(1), Ip("10.0.0.10"), T.AddMinutes(5), 1, Ip("10.0.0.10"),
                [new LeaseHistoryEntry(T, "granted", Ip("10.0.0.10"))]))]),
        new LeaseRecord(Mac(1), Ip("10.0.0.10"), T, 3, Ip("10.0.0.10"), [new LeaseHistoryEntry(T, "granted", Ip("10.0.0.10"))]),
        new BlockGranted(3, 2, [Ip("10.0.0.12"), Ip("10.0.0.13")], null),
        new BlockGranted(4, 1, [], new PoolSnapshot([], [new PoolSnapshot.BoundEntry(Ip("10.0.0.10"), Key(1), Mac(1), T, T.AddMinutes(5), "h", 1)],
            [new PoolSnapshot.QuarantineEntry(Ip("10.0.0.11"), AddressState.Declined, Key(2), null, T.AddHours(1))], [Key(3)],
            [new PoolSnapshot.ClientEntry(Key(1), new LeaseRecord(Mac(1), Ip("10.0.0.10"), T.AddMinutes(5), 1, Ip("10.0.0.10"), []))])),
        new BlockDelivered(3, 2),
        new BlockReclaimed(3, 7, [Ip("10.0.0.12")]),
        new PoolMigrated(40, T),
        new BlockReceived(2, [Ip("10.0.0.12")], null),
        new BlockGivenBack(7, [Ip("10.0.0.12")]),
        new BlockReturnConfirmed(7),
        new PoolLedgerSnapshot([new PoolLedgerSnapshot.BucketEntry(3, [Ip("10.0.0.13")], 2, 7, [new BlockGranted(3, 2, [Ip("10.0.0.13")], null)])], true),
        new BucketSnapshot(new PoolSnapshot([Ip("10.0.0.12")],
            [new PoolSnapshot.BoundEntry(Ip("10.0.0.10"), Key(1), Mac(1), T, T.AddMinutes(5), null, 1)], [], [],
            [new PoolSnapshot.ClientEntry(Key(1), new LeaseRecord(Mac(1), Ip("10.0.0.10"), T.AddMinutes(5), 1, Ip("10.0.0.10"), []))]),
            4, 7, [new BlockGivenBack(7, [Ip("10.0.0.14")])]),
        new WakePool("guests"),
        new BlockRequest("guests", 3, 2, 8, Ip("10.0.0.15"), true, 11),
        new BlockGrant("guests", 3, 3, [Ip("10.0.0.16")], null),
        new BlockRequestDone("guests", 3, 11, true),
        new BlockReceipt("guests", 3, 3),
        new BlockReturn("guests", 3, 8, [Ip("10.0.0.16")]),
        new BlockReturnAccepted("guests", 3, 8),
        new SpareAddresses("guests", 3, Ip("10.0.0.12")),
        new SpareRefused("guests", 3, Ip("10.0.0.12")),
        new WakeBucket("guests", 3),
        new GetBucketView("guests", 3, true),
        new BucketView("guests", 3, 4, 1, 0, 3, 0, 0, 0, 2, [new LeaseInfo(Ip("10.0.0.10"), Key(1), Mac(1), T, AddressState.Bound, "h")]),
        Req(1, DhcpMethod.RequestRenew, ciaddr: "10.0.0.10", correlation: 42),
        new LeaseReply(42, LeaseOutcome.Nak, Ip("10.0.0.10"), TimeSpan.Zero, null, "no"),
        new ReleaseClientLease("guests", Key(1)),
        new ClientLeaseReleased("guests", Key(1), null),
        new AssignClientLease("guests", Key(1), Mac(1), Ip("10.0.0.12"), TimeSpan.FromMinutes(10), "desk"),
        new ClientLeaseAssigned("guests", Key(1), Ip("10.0.0.12"), T.AddMinutes(10), "desk", null),
        new GetClientLease("guests", Key(1)),
        new StartPoolScan("guests"),
        new GetPoolScan("guests"),
        new PoolScanProgress("guests", PoolScanState.Running, 10, 4, 1, T, null, "eth0", null),
        new ClientLeaseRecord("guests", Key(1), null, null, null, 0, null, []),
        new LeaseHistoryEntry(T, "renewed", Ip("10.0.0.10")),
        new GetPoolStatus("guests"),
        new PoolStatus("guests", 10, 5, 1, 3, 1, 0, 0, 7),
        new GetLeases("guests"),
        new PoolLeases("guests", [new LeaseInfo(Ip("10.0.0.10"), Key(1), Mac(1), T, AddressState.Bound, "h")]),
        new LeaseInfo(Ip("10.0.0.11"), null, null, T, AddressState.Declined, null),
        new LeaseGrantedNotice(Mac(1), Key(1), "guests", Ip("10.0.0.10"), TimeSpan.FromMinutes(5), T.AddMinutes(5), T),
        new LeaseReleasedNotice(Mac(1), Key(1), "guests", Ip("10.0.0.10"), T),
        new LeaseExpiredNotice(Mac(1), Key(1), "guests", Ip("10.0.0.10"), T, T),
        new LeaseDeclinedNotice(Mac(1), Key(1), "guests", Ip("10.0.0.10"), T.AddHours(1), T),
        new UnknownMacSeen(Mac(2), "eth0", Ip("10.0.0.1"), "guests", "laptop", T),
        new MemberJoinedNotice("akka.tcp://staticdhcpd@127.0.0.1:4053", ["dhcp"], T),
        new MemberLeftNotice("akka.tcp://staticdhcpd@127.0.0.1:4053", "Down", T),
    ];

    [Fact]
    public void Every_registered_type_round_trips_through_akka_serialization_with_its_stable_manifest()
    {
        Assert.Equal(PoolSerializer.Registered.Select(r => r.Type).OrderBy(t => t.Name), Samples.Select(s => s.GetType()).Distinct().OrderBy(t => t.Name));
        foreach (var sample in Samples)
        {
            var serializer = Sys.Serialization.FindSerializerFor(sample);
            Assert.IsType<PoolSerializer>(serializer);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, sample);
            Assert.Matches(@"^(pool|lease|bucket|event)\.[a-z-]+\.v\d+$", manifest);
            var bytes = serializer.ToBinary(sample);
            var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
            Assert.Equal(Json(sample), Json(back)); // records with lists compare by reference: compare their JSON
            Assert.Equal(sample.GetType(), back.GetType());
        }
    }

    [Fact]
    public void The_journal_json_is_readable_and_holds_no_dotnet_type_names()
    {
        var e = new AddressBound(Ip("10.0.0.10"), Key(1), Mac(1), T, T.AddMinutes(5), null, 0);
        var text = Encoding.UTF8.GetString(Sys.Serialization.FindSerializerFor(e).ToBinary(e));
        Assert.Contains("\"Address\":\"10.0.0.10\"", text);
        Assert.Contains("\"Mac\":\"02:00:00:00:00:01\"", text);
        Assert.DoesNotContain("StaticDhcpd", text);
        Assert.Equal("pool.address-bound.v1", Akka.Serialization.Serialization.ManifestFor(Sys.Serialization.FindSerializerFor(e), e));
    }

    [Fact]
    public void A_v1_pool_snapshot_without_client_records_is_still_read()
    {
        // As written before pools kept client records (manifest pool.snapshot.v1): no "Clients" member.
        const string v1 = """
            {"Free":["10.0.0.12"],"Bound":[{"Address":"10.0.0.10","ClientKey":"mac:02:00:00:00:00:01","Mac":"02:00:00:00:00:01",
            "BoundAt":"2025-06-01T12:00:00+00:00","ExpiresAt":"2025-06-01T12:05:00+00:00","Hostname":null,"Renewals":1}],
            "Quarantined":[],"Blocked":[]}
            """;
        var s = (PoolSerializer)Sys.Serialization.FindSerializerFor(new WakePool("x"));
        var snapshot = Assert.IsType<PoolSnapshot>(s.FromBinary(Encoding.UTF8.GetBytes(v1), "pool.snapshot.v1"));
        Assert.Null(snapshot.Clients);
        var clients = ClientBook.FromSnapshot(snapshot);
        var record = clients.Get(Key(1))!;
        Assert.Equal((Ip("10.0.0.10"), 1, Ip("10.0.0.10")), (record.Address!.Value, record.Renewals, record.LastAddress!.Value));
        Assert.Contains(PoolSerializer.ReadOnlyManifests, m => m.Manifest == "pool.snapshot.v1");
        Assert.Equal("pool.snapshot.v2", s.Manifest(snapshot));
    }

    [Fact]
    public void An_unknown_manifest_is_refused()
    {
        var s = (PoolSerializer)Sys.Serialization.FindSerializerFor(new WakePool("x"));
        Assert.ThrowsAny<Exception>(() => s.FromBinary("{}"u8.ToArray(), "pool.nonsense.v1"));
    }

    private string Json(object o) => Encoding.UTF8.GetString(Sys.Serialization.FindSerializerFor(o).ToBinary(o));
}
