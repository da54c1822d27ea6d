using Akka.Actor;
using Npgsql;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Tests.Static;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>The node's persistence config with provider = postgresql, on a real throwaway PostgreSQL: a bound lease
/// survives the ActorSystem's restart, and the journal holds the pool's events under stable manifests.</summary>
public sealed class PostgresPersistenceTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly PostgresCluster _pg = new();
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "staticdhcpd-pools-pg-" + Guid.NewGuid().ToString("N"));

    private Task<(ActorSystem System, PoolRegions Regions)> StartNode() =>
        PersistentPoolNode.StartAsync("pools-pg", _dataDir, "postgresql", _pg.ConnectionString, [Settings()], Timeout);

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

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        _pg.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { }
    }
}
