using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Node.Persistence;
using Xunit;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>The real stack: a one-node cluster, PoolSharding, the node's persistence config on a SQLite file, the pool
/// serializer with unregistered types refused. A bound lease must survive the ActorSystem's restart.</summary>
public sealed class SqlitePersistenceTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "staticdhcpd-pools-" + Guid.NewGuid().ToString("N"));

    private Task<(ActorSystem System, PoolRegions Regions)> StartNode(PoolSettings? pool = null) =>
        PersistentPoolNode.StartAsync("pools-sqlite", _dataDir, "sqlite", null, [pool ?? Settings()], Timeout,
            new PoolShardingOptions { Lease = new LeaseEntityOptions { SweepInterval = TimeSpan.FromMilliseconds(200) } });

    [Fact]
    public async Task A_bound_lease_survives_an_actor_system_restart_on_sqlite()
    {
        var (first, regions) = await StartNode();
        var offer = await regions.Leases.Ask<LeaseReply>(Req(1, DhcpMethod.Discover, correlation: 1), Timeout);
        Assert.Equal(LeaseOutcome.Offer, offer.Outcome);
        var ack = await regions.Leases.Ask<LeaseReply>(Req(1, DhcpMethod.RequestSelecting, requested: offer.Address.ToString(), correlation: 2), Timeout);
        Assert.Equal(LeaseOutcome.Ack, ack.Outcome);
        // The client's record is the pool's: durable with the grant, so it is there at once.
        var record = await regions.Leases.Ask<ClientLeaseRecord>(new GetClientLease("guests", Key(1)), Timeout);
        Assert.Equal(ack.Address, record.Address);
        Assert.Equal("granted", record.History.Single().Event);
        await first.Terminate();

        await using (var c = new SqliteConnection(PersistenceConfig.ResolveConnectionString(_dataDir, "sqlite", null)))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
            // The grant is in the journal of the client's bucket; the pool's journal holds only the block it handed
            // that bucket (and the bucket's receipt), not the lease.
            cmd.CommandText = $"SELECT manifest FROM journal WHERE persistence_id = '{BucketId(1)}' ORDER BY sequence_number;";
            Assert.Equal(["bucket.block-received.v1", "pool.address-bound.v1"], await Column(cmd));
            cmd.CommandText = "SELECT manifest FROM journal WHERE persistence_id = 'pool-guests' ORDER BY sequence_number;";
            Assert.Equal(["pool.block-granted.v1", "pool.block-delivered.v1"], await Column(cmd));
        }

        var (second, regions2) = await StartNode();
        try
        {
            var leases = await regions2.Pools.Ask<PoolLeases>(new GetLeases("guests"), Timeout);
            var bound = Assert.Single(leases.Leases, l => l.State == AddressState.Bound);
            Assert.Equal((ack.Address, Key(1)), (bound.Address, bound.ClientKey));
            var after = await regions2.Leases.Ask<ClientLeaseRecord>(new GetClientLease("guests", Key(1)), Timeout);
            Assert.Equal((record.Address, record.ExpiresAt), (after.Address, after.ExpiresAt));
            Assert.Equal(record.History, after.History);

            var reboot = await regions2.Leases.Ask<LeaseReply>(Req(1, DhcpMethod.RequestInitReboot, requested: ack.Address.ToString(), correlation: 3), Timeout);
            Assert.Equal(LeaseOutcome.Ack, reboot.Outcome);
            var other = await regions2.Leases.Ask<LeaseReply>(Req(2, DhcpMethod.Discover, requested: ack.Address.ToString(), correlation: 4), Timeout);
            Assert.Equal(LeaseOutcome.Offer, other.Outcome);
            Assert.NotEqual(ack.Address, other.Address);
        }
        finally
        {
            await second.Terminate();
        }
    }

    [Fact]
    public async Task After_a_restart_the_pool_reclaims_an_expired_lease_without_any_request_or_remembered_entity()
    {
        var pool = Settings(lease: TimeSpan.FromSeconds(2));
        var (first, regions) = await StartNode(pool);
        var offer = await regions.Leases.Ask<LeaseReply>(Req(1, DhcpMethod.Discover, correlation: 1), Timeout);
        var ack = await regions.Leases.Ask<LeaseReply>(Req(1, DhcpMethod.RequestSelecting, requested: offer.Address.ToString(), correlation: 2), Timeout);
        Assert.Equal(LeaseOutcome.Ack, ack.Outcome);
        await first.Terminate();

        var (second, _) = await StartNode(pool);
        try
        {
            // Nothing is sent to either region: PoolSharding's keeper wakes every bucket, whose sweep finds the lease
            // due and journals the expiry.
            var deadline = DateTime.UtcNow + Timeout;
            long expired;
            do
            {
                await Task.Delay(200);
                await using var c = new SqliteConnection(PersistenceConfig.ResolveConnectionString(_dataDir, "sqlite", null));
                await c.OpenAsync();
                await using var cmd = c.CreateCommand();
                cmd.CommandText = $"SELECT COUNT(*) FROM journal WHERE persistence_id = '{BucketId(1)}' AND manifest = 'pool.address-expired.v1';";
                expired = (long)(await cmd.ExecuteScalarAsync())!;
            } while (expired == 0 && DateTime.UtcNow < deadline);
            Assert.Equal(1L, expired);
        }
        finally
        {
            await second.Terminate();
        }
    }

    /// <summary>
    /// A bucket that moves away from a node and back (rolling restarts, rebalancing after a rejoin) leaves a journal whose
    /// rows name that node's writer, then another node's, then the first one's again. Akka's replay filter took the first
    /// writer's later rows for a stale writer's and dropped them while the sequence number still jumped past them: the
    /// bucket forgot bindings and handed their addresses out again (seen as two clients ACKed one address in the
    /// rolling-restart test). The journal itself refuses two writers of one sequence number, so every row is replayed.
    /// </summary>
    [Fact]
    public async Task Rows_of_a_writer_that_wrote_before_another_one_are_all_replayed()
    {
        // Three clients of one bucket, each bound by its own write, and a fourth that comes later.
        var sameBucket = Enumerable.Range(1, 400).Where(n => Buckets.Of(Key(n)) == Buckets.Of(Key(1))).Take(4).ToList();
        var clients = sameBucket.Take(3).ToList();
        var bucket = LeaseEntity.PersistenceIdFor("guests", Buckets.Of(Key(1)));
        var (first, regions) = await StartNode();
        var bound = new Dictionary<int, Messages.Net.Ipv4Address>();
        foreach (var c in clients)
        {
            var offer = await regions.Leases.Ask<LeaseReply>(Req(c, DhcpMethod.Discover, correlation: c * 10), Timeout);
            var ack = await regions.Leases.Ask<LeaseReply>(Req(c, DhcpMethod.RequestSelecting, requested: offer.Address.ToString(), correlation: c * 10 + 1), Timeout);
            Assert.Equal(LeaseOutcome.Ack, ack.Outcome);
            bound[c] = ack.Address;
        }
        await first.Terminate();

        // The middle binding as another node's writer would have left it: writer A, then B, then A again.
        await using (var db = new SqliteConnection(PersistenceConfig.ResolveConnectionString(_dataDir, "sqlite", null)))
        {
            await db.OpenAsync();
            await using var cmd = db.CreateCommand();
            cmd.CommandText = $"""
                UPDATE journal SET writer_uuid = 'another-node' WHERE persistence_id = '{bucket}' AND sequence_number =
                  (SELECT sequence_number FROM journal WHERE persistence_id = '{bucket}' AND manifest = 'pool.address-bound.v1'
                   ORDER BY sequence_number LIMIT 1 OFFSET 1);
                """;
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }
        SqliteConnection.ClearAllPools();

        var (second, regions2) = await StartNode();
        try
        {
            foreach (var c in clients)
            {
                var record = await regions2.Leases.Ask<ClientLeaseRecord>(new GetClientLease("guests", Key(c)), Timeout);
                Assert.Equal(bound[c], record.Address);
            }
            // And the last client's address is not offered to anybody else.
            var stranger = await regions2.Leases.Ask<LeaseReply>(Req(sameBucket[3], DhcpMethod.Discover,
                requested: bound[clients[2]].ToString(), correlation: 5000), Timeout);
            Assert.Equal(LeaseOutcome.Offer, stranger.Outcome);
            Assert.NotEqual(bound[clients[2]], stranger.Address);
        }
        finally
        {
            await second.Terminate();
        }
    }

    private static string BucketId(int client) => LeaseEntity.PersistenceIdFor("guests", Buckets.Of(Key(client)));

    private static async Task<List<string>> Column(SqliteCommand cmd)
    {
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        return list;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { }
    }
}
