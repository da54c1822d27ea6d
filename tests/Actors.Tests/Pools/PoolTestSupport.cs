using System.Text;
using Akka.Actor;
using Akka.Configuration;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>A clock the test moves by hand, so expiry and probation are tested without sleeping.</summary>
public sealed class ManualClock
{
    private DateTimeOffset _now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly object _gate = new();

    public DateTimeOffset Now
    {
        get { lock (_gate) return _now; }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }

    public Func<DateTimeOffset> Func => () => Now;
}

public static class PoolTestSupport
{
    /// <summary>Akka.Persistence.TestKit's journal and snapshot store (in memory, failures injectable).</summary>
    public static readonly Config TestPersistence = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.test"
        akka.persistence.journal.test {
          class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.test"
        akka.persistence.snapshot-store.test {
          class = "Akka.Persistence.TestKit.TestSnapshotStore, Akka.Persistence.TestKit"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """).WithFallback(PoolSerialization.Config);

    public static Ipv4Address Ip(string s) => Ipv4Address.Parse(s);

    public static MacAddress Mac(int n) => new((ulong)(0x020000000000 + n));

    public static string Key(int n) => ClientKey.From(null, Mac(n));

    public static PoolSettings Settings(string name = "guests", string first = "10.0.0.10", string last = "10.0.0.19",
        TimeSpan? lease = null, int maxRenewals = 0, bool useClientHostname = false, string prefix = "guest") => new()
    {
        Name = name,
        Subnet = new Ipv4Subnet(Ip("10.0.0.0"), 24),
        Ranges = [(Ip(first), Ip(last))],
        LeaseTime = lease ?? TimeSpan.FromMinutes(5),
        HostnamePrefix = prefix,
        DeclineProbation = TimeSpan.FromHours(1),
        MaxRenewals = maxRenewals,
        UseClientHostname = useClientHostname,
    };

    /// <summary>A request for <see cref="PoolDecider"/>, with the client's previous address as its record would give it.</summary>
    public static TestCommand Cmd(int client, DhcpMethod method, string? requested = null, string? ciaddr = null,
        string? preferred = null, string? hostname = null) =>
        new(Req(client, method, requested, ciaddr, hostname: hostname), preferred is null ? null : Ip(preferred));

    public static LeaseRequest Req(int client, DhcpMethod method, string? requested = null, string? ciaddr = null,
        string pool = "guests", long correlation = 1, string? hostname = null, uint xid = 0) =>
        new(pool, Key(client), Mac(client), method, requested is null ? null : Ip(requested),
            ciaddr is null ? Ipv4Address.Any : Ip(ciaddr), hostname, xid == 0 ? (uint)correlation : xid, correlation);

    /// <summary>Decides against a book that holds the whole pool (no other bucket to ask).</summary>
    public static PoolVerdict Decide(AddressBook book, PoolPolicy policy, TestCommand c, DateTimeOffset now) =>
        PoolDecider.Decide(book, policy, c.Request, c.Preferred, now, mayAsk: false);

    /// <summary>The client numbers whose keys hash into <paramref name="bucket"/>, in order.</summary>
    public static IEnumerable<int> ClientsOfBucket(int bucket) =>
        Enumerable.Range(1, 10_000).Where(c => StaticDhcpd.Actors.Clustering.Buckets.Of(Key(c)) == bucket);

    /// <summary>Client numbers whose keys hash into different buckets, in order.</summary>
    public static IReadOnlyList<int> ClientsOfDistinctBuckets(int count) =>
        Enumerable.Range(0, count).Select(b => ClientsOfBucket(b).First()).ToList();
}

public sealed record TestCommand(LeaseRequest Request, Ipv4Address? Preferred);

/// <summary>Stops one entity of <see cref="MiniRegions"/> and answers <see cref="EntityStopped"/> once it is gone.</summary>
public sealed record StopEntity(string EntityId);

public sealed record EntityStopped(string EntityId);

/// <summary>Answered with the number of messages routed to pool entities so far (a long).</summary>
public sealed record GetPoolTraffic;

/// <summary>
/// Both shard regions in one plain actor, for tests without a cluster: routes with the real message extractors and
/// creates PoolEntity / LeaseEntity children on demand, passing itself as either region — what sharding does. It
/// counts what it routed to pool entities (<see cref="GetPoolTraffic"/>), so a test can tell which requests reach them.
/// </summary>
public sealed class MiniRegions : ReceiveActor
{
    private readonly LeaseMessageExtractor _leases = new();
    private readonly PoolMessageExtractor _pools = new();
    private readonly Dictionary<IActorRef, (string Id, IActorRef ReplyTo)> _stopping = new();
    private long _poolTraffic;

    public MiniRegions(IReadOnlyList<PoolSettings> pools, PoolEntityOptions poolOptions, LeaseEntityOptions leaseOptions)
    {
        var policies = pools.ToDictionary(p => p.Name, PoolPolicy.From);
        Receive<GetPoolTraffic>(_ => Sender.Tell(_poolTraffic));
        Receive<StopEntity>(s =>
        {
            var child = Context.Child(Name(s.EntityId));
            if (child.IsNobody()) { Sender.Tell(new EntityStopped(s.EntityId)); return; }
            Context.Watch(child);
            _stopping[child] = (s.EntityId, Sender);
            Context.Stop(child);
        });
        Receive<Terminated>(t =>
        {
            if (_stopping.Remove(t.ActorRef, out var s)) s.ReplyTo.Tell(new EntityStopped(s.Id));
        });
        ReceiveAny(m =>
        {
            if (_pools.EntityId(m) is { } pool)
            {
                _poolTraffic++;
                Route(pool, () => PoolEntity.Props(policies[pool], Self, poolOptions), m);
            }
            else if (_leases.EntityId(m) is { } lease && StaticDhcpd.Actors.Clustering.Buckets.TryParseEntityId(lease, out var p, out var bucket))
                Route(lease, () => LeaseEntity.Props(policies[p], bucket, Self, leaseOptions), m);
            else Unhandled(m);
        });
    }

    private void Route(string id, Func<Props> props, object m)
    {
        var name = Name(id);
        var child = Context.Child(name);
        if (child.IsNobody()) child = Context.ActorOf(props(), name);
        child.Forward(m);
    }

    private static string Name(string id) => "e-" + Convert.ToHexString(Encoding.UTF8.GetBytes(id));
}
