using Akka.Actor;
using Microsoft.Data.Sqlite;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Node.Persistence;
using Xunit;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>
/// A bucket that moves away from a node and back (rolling restarts, rebalancing after a rejoin) leaves a journal whose
/// rows name that node's writer, then another node's, then the first one's again. Akka's replay filter took the first
/// writer's later rows for a stale writer's and dropped them while the sequence number still jumped past them: the
/// bucket forgot bindings and handed their addresses out again (seen as two clients ACKed one address in the
/// rolling-restart test). The journal itself refuses two writers of one sequence number, so every row is replayed.
/// </summary>
public sealed class ReplayAcrossWritersTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "staticdhcpd-writers-" + Guid.NewGuid().ToString("N"));

    private Task<(ActorSystem System, PoolRegions Regions)> StartNode() =>
        PersistentPoolNode.StartAsync("pools-writers", _dataDir, "sqlite", null, [Settings()], Timeout);

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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { }
    }
}
