using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Npgsql;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Tests.Static;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>The node's persistence config with provider = postgresql, on a real throwaway PostgreSQL: a bound lease
/// survives the ActorSystem's restart, the journal holds the pool's events under stable manifests, and the node lives
/// through the database going away and coming back.</summary>
public sealed class PostgresPersistenceTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ResumeBudget = TimeSpan.FromSeconds(90);
    private readonly PostgresCluster _pg = new();
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "staticdhcpd-pools-pg-" + Guid.NewGuid().ToString("N"));

    private Task<(ActorSystem System, PoolRegions Regions)> StartNode(PoolSettings? pool = null) =>
        PersistentPoolNode.StartAsync("pools-pg", _dataDir, "postgresql", _pg.ConnectionString, [pool ?? Settings()], Timeout);

    private sealed class ErrorLog : ReceiveActor
    {
        public ErrorLog(ConcurrentQueue<string> into) => Receive<Error>(e => into.Enqueue($"{e.LogSource}: {e.Message}"));
    }

    [Fact]
    public async Task A_bound_lease_survives_an_actor_system_restart_on_postgresql()
    {
        var (first, regions) = await StartNode();
        string grantedText;
        try
        {
            var offer = await regions.Leases.Ask<LeaseReply>(Req(1, DhcpMethod.Discover, correlation: 1), Timeout);
            var ack = await regions.Leases.Ask<LeaseReply>(
                Req(1, DhcpMethod.RequestSelecting, requested: offer.Address.ToString(), correlation: 2), Timeout);
            Assert.Equal(LeaseOutcome.Ack, ack.Outcome);
            grantedText = ack.Address.ToString();
        }
        finally
        {
            await first.Terminate();
        }

        await using (var c = new NpgsqlConnection(_pg.ConnectionString))
        {
            await c.OpenAsync();
            async Task<List<string>> Manifests(string persistenceId)
            {
                await using var cmd = new NpgsqlCommand(
                    "SELECT manifest FROM journal WHERE persistence_id = @id ORDER BY sequence_number", c);
                cmd.Parameters.AddWithValue("id", persistenceId);
                var manifests = new List<string>();
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync()) manifests.Add(r.GetString(0));
                return manifests;
            }
            Assert.Equal(["pool.block-granted.v1", "pool.block-delivered.v1"], await Manifests("pool-guests"));
            Assert.Equal(["bucket.block-received.v1", "pool.address-bound.v1"],
                await Manifests(LeaseEntity.PersistenceIdFor("guests", Buckets.Of(Key(1)))));
        }

        var (second, regions2) = await StartNode();
        try
        {
            var reboot = await regions2.Leases.Ask<LeaseReply>(
                Req(1, DhcpMethod.RequestInitReboot, requested: grantedText, correlation: 3), Timeout);
            Assert.Equal((LeaseOutcome.Ack, grantedText), (reboot.Outcome, reboot.Address.ToString()));
            var other = await regions2.Leases.Ask<LeaseReply>(
                Req(2, DhcpMethod.Discover, requested: grantedText, correlation: 4), Timeout);
            Assert.Equal(LeaseOutcome.Offer, other.Outcome);
            Assert.NotEqual(grantedText, other.Address.ToString());
        }
        finally
        {
            await second.Terminate();
        }
    }

    /// <summary>
    /// PostgreSQL stops under a running node: nothing that needs a write is ACKed while it is down (an ACK promises a
    /// durable lease), the failure is logged as an error, and once PostgreSQL is back the same node ACKs again by itself,
    /// with every lease bound before the outage intact.
    /// </summary>
    [Fact]
    public async Task While_postgresql_is_down_nothing_is_acked_and_afterwards_the_node_acks_again_by_itself()
    {
        var (system, regions) = await StartNode(Settings(last: "10.0.0.250"));
        var errors = new ConcurrentQueue<string>();
        system.EventStream.Subscribe(system.ActorOf(Props.Create(() => new ErrorLog(errors))), typeof(Error));
        try
        {
            // Two clients of one bucket: the first bound before the outage, the second asks during it.
            var (before, during) = (ClientsOfBucket(3).First(), ClientsOfBucket(3).Skip(1).First());
            var offer = await regions.Leases.Ask<LeaseReply>(Req(before, DhcpMethod.Discover, correlation: 1), Timeout);
            var bound = await regions.Leases.Ask<LeaseReply>(
                Req(before, DhcpMethod.RequestSelecting, requested: offer.Address.ToString(), correlation: 2), Timeout);
            Assert.Equal(LeaseOutcome.Ack, bound.Outcome);

            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} stopping PostgreSQL");
            _pg.Stop();
            NpgsqlConnection.ClearAllPools();
            // An offer needs no write: the bucket still holds free addresses of its blocks.
            var second = await regions.Leases.Ask<LeaseReply>(Req(during, DhcpMethod.Discover, correlation: 3), Timeout);
            Assert.Equal(LeaseOutcome.Offer, second.Outcome);
            foreach (var (request, what) in new[]
                     {
                         (Req(during, DhcpMethod.RequestSelecting, requested: second.Address.ToString(), correlation: 4), "a new binding"),
                         (Req(before, DhcpMethod.RequestRenew, ciaddr: bound.Address.ToString(), correlation: 5), "a renewal"),
                     })
            {
                var reply = await AskOrNothing(regions.Leases, request, TimeSpan.FromSeconds(12));
                Assert.True(reply is null || reply.Outcome == LeaseOutcome.Silent,
                    $"{what} was answered {reply?.Outcome} {reply?.Address} while PostgreSQL was down");
            }
            Assert.Contains(errors, e => e.Contains("journal", StringComparison.OrdinalIgnoreCase) || e.Contains("Npgsql", StringComparison.Ordinal));

            _pg.Start();
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} PostgreSQL is back");
            var sinceBack = Stopwatch.StartNew();
            LeaseReply? ack = null;
            var attempt = 10L;
            while (sinceBack.Elapsed < ResumeBudget)
            {
                var discover = await AskOrNothing(regions.Leases, Req(during, DhcpMethod.Discover, correlation: attempt++), TimeSpan.FromSeconds(3));
                if (discover?.Outcome == LeaseOutcome.Offer)
                {
                    ack = await AskOrNothing(regions.Leases,
                        Req(during, DhcpMethod.RequestSelecting, requested: discover.Address.ToString(), correlation: attempt++), TimeSpan.FromSeconds(3));
                    if (ack?.Outcome == LeaseOutcome.Ack) break;
                }
                await Task.Delay(500);
            }
            output.WriteLine($"ACKing again {sinceBack.Elapsed.TotalSeconds:0.0} s after PostgreSQL was back");
            Assert.True(ack?.Outcome == LeaseOutcome.Ack, $"no ACK within {ResumeBudget.TotalSeconds} s of PostgreSQL's return");
            Assert.NotEqual(bound.Address, ack!.Address);

            var renewed = await regions.Leases.Ask<LeaseReply>(
                Req(before, DhcpMethod.RequestRenew, ciaddr: bound.Address.ToString(), correlation: attempt++), Timeout);
            Assert.Equal((LeaseOutcome.Ack, bound.Address), (renewed.Outcome, renewed.Address));
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static async Task<LeaseReply?> AskOrNothing(IActorRef region, LeaseRequest r, TimeSpan wait)
    {
        try { return await region.Ask<LeaseReply>(r, wait); }
        catch (AskTimeoutException) { return null; }
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        _pg.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { }
    }
}
