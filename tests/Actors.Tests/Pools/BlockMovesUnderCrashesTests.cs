using Akka.Persistence;
using Akka.Persistence.TestKit;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>
/// Random traffic from clients of many buckets over a pool small enough that addresses keep moving between the pool and
/// the buckets, while entities are stopped at random moments (a crash as sharding sees it: the entity is gone and
/// comes back from its journal) and journal writes fail at random. Fixed seeds, so a failure is repeatable. Whatever
/// happens, no address is ever ACKed to a client while another one holds it, and every ACK the clients saw is still
/// bound at the end unless the client let it go.
/// </summary>
public class BlockMovesUnderCrashesTests : LeasePathTestKit
{
    private readonly ITestOutputHelper _output;

    public BlockMovesUnderCrashesTests(ITestOutputHelper output) : base(output) => _output = output;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task No_address_is_ever_acked_to_two_clients_and_no_ack_is_lost(int seed)
    {
        var random = new Random(seed);
        var journal = TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));
        StartRegions(Settings(last: "10.0.0.21", lease: TimeSpan.FromHours(1))); // 12 addresses
        var clients = Enumerable.Range(0, 8).SelectMany(b => ClientsOfBucket(b).Take(3)).ToList(); // 24 clients, 8 buckets
        var holder = new Dictionary<Ipv4Address, int>();   // what the clients were told: address → client
        var mayHaveLetGo = new HashSet<int>();              // a RELEASE is not answered: it may or may not be written
        long correlation = 0;

        for (var step = 0; step < 150; step++)
        {
            var client = clients[random.Next(clients.Count)];
            var held = holder.Where(kv => kv.Value == client).Select(kv => (Ipv4Address?)kv.Key).FirstOrDefault();
            switch (random.Next(10))
            {
                case < 5:
                    var offer = Ask(Req(client, DhcpMethod.Discover, correlation: ++correlation));
                    if (offer?.Outcome != LeaseOutcome.Offer) break;
                    var ack = Ask(Req(client, DhcpMethod.RequestSelecting, requested: offer!.Address.ToString(), correlation: ++correlation));
                    if (ack?.Outcome == LeaseOutcome.Ack) Acked(client, ack.Address);
                    break;
                case 5 when held is { } a:
                    var renew = Ask(Req(client, DhcpMethod.RequestRenew, ciaddr: a.ToString(), correlation: ++correlation));
                    if (renew?.Outcome == LeaseOutcome.Ack) Acked(client, renew.Address);
                    break;
                case 6 when held is { } a:
                    Ask(Req(client, DhcpMethod.Release, ciaddr: a.ToString(), correlation: ++correlation));
                    holder.Remove(a);
                    mayHaveLetGo.Add(client);
                    break;
                case 7:
                    // A client of another bucket names an address: granted only if nobody holds it.
                    var named = new Ipv4Address(Ip("10.0.0.10").Value + (uint)random.Next(12));
                    var reboot = Ask(Req(client, DhcpMethod.RequestInitReboot, requested: named.ToString(), correlation: ++correlation));
                    if (reboot?.Outcome == LeaseOutcome.Ack) Acked(client, reboot.Address);
                    break;
                case 8:
                    Crash(random.Next(3) == 0 ? "guests" : Buckets.EntityId("guests", random.Next(8)));
                    break;
                default:
                    // A burst of failing writes: whatever they carried (a grant, a block moving either way) is lost.
                    await journal.OnWrite.Fail();
                    Regions.Tell(Req(client, DhcpMethod.Discover, correlation: ++correlation), TestActor);
                    await Task.Delay(random.Next(5, 60));
                    await journal.OnWrite.Pass();
                    break;
            }
        }

        var bound = Query<PoolLeases>(new GetLeases("guests")).Leases.Where(l => l.State == AddressState.Bound).ToList();
        Assert.Equal(bound.Count, bound.Select(l => l.Address).Distinct().Count());
        Assert.Equal(bound.Count, bound.Select(l => l.ClientKey).Distinct().Count());
        foreach (var (address, client) in holder.Where(kv => !mayHaveLetGo.Contains(kv.Value)))
            Assert.Contains(bound, l => l.Address == address && l.ClientKey == Key(client));
        var status = Query<PoolStatus>(new GetPoolStatus("guests"));
        Assert.Equal(12, status.Total);
        Assert.Equal(12, status.Free + status.Offered + status.Bound + status.Declined);
        _output.WriteLine($"seed {seed}: {bound.Count} bound at the end, {holder.Count} held as the clients saw it");

        // Answers of requests sent while writes failed may arrive late; a request sent to an entity just stopping may
        // get none (the client would retransmit): both are skipped, never taken for the answer to a later request.
        T? Await<T>(object message, Func<T, bool> match, TimeSpan within) where T : class
        {
            Regions.Tell(message, TestActor);
            var until = DateTime.UtcNow + within;
            while (DateTime.UtcNow < until)
                if (ReceiveOne(until - DateTime.UtcNow) is T x && match(x)) return x;
            return null;
        }

        LeaseReply? Ask(LeaseRequest r) => Await<LeaseReply>(r, x => x.CorrelationId == r.CorrelationId, TimeSpan.FromSeconds(5));

        T Query<T>(object query) where T : class =>
            Await<T>(query, _ => true, TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"no {typeof(T).Name}");

        void Crash(string entityId) =>
            Assert.True(Await<EntityStopped>(new StopEntity(entityId), _ => true, TimeSpan.FromSeconds(5)) is not null,
                $"{entityId} did not stop");

        void Acked(int client, Ipv4Address address)
        {
            if (holder.TryGetValue(address, out var other) && other != client)
                Assert.Fail($"{address} ACKed to client {client} while client {other} holds it");
            foreach (var old in holder.Where(kv => kv.Value == client && kv.Key != address).Select(kv => kv.Key).ToList())
                holder.Remove(old); // a client holds one address per pool
            holder[address] = client;
            mayHaveLetGo.Remove(client);
        }
    }
}
