using System.Text.Json;
using Akka.Actor;
using Microsoft.Data.Sqlite;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>A data-dir written by the build before buckets (TestData/journal-e880927, made by commit e880927 itself,
/// with that build's own answers in expected.json): after the upgrade every bound lease is still its client's, on the
/// same address with the same expiry and renewals, and nobody else can have it — also after a second restart.</summary>
public sealed class LegacyJournalMigrationTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Pools", "TestData", "journal-e880927");
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "staticdhcpd-legacy-" + Guid.NewGuid().ToString("N"));

    private sealed record ExpectedBinding(string ClientKey, string Address, DateTimeOffset ExpiresAt, int Renewals);

    private sealed record ExpectedRelease(string ClientKey, string? Address, string LastAddress);

    private sealed record Expected(string Pool, List<ExpectedBinding> Bound, ExpectedRelease Released);

    private static readonly PoolSettings Guests = Settings(last: "10.0.0.109", lease: TimeSpan.FromDays(3650));

    public LegacyJournalMigrationTests()
    {
        // A copy: starting on the file writes to it.
        Directory.CreateDirectory(_dataDir);
        File.Copy(Path.Combine(Fixture, "journal.db"), Path.Combine(_dataDir, "journal.db"));
    }

    private static Expected Load() => JsonSerializer.Deserialize<Expected>(File.ReadAllText(Path.Combine(Fixture, "expected.json")),
        new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    private Task<(ActorSystem System, PoolRegions Regions)> StartNode() =>
        PersistentPoolNode.StartAsync("pools-legacy", _dataDir, "sqlite", null, [Guests], Timeout);

    [Fact]
    public async Task Every_lease_bound_by_the_old_build_is_still_bound_to_its_client_after_the_upgrade_and_after_another_restart()
    {
        var expected = Load();
        Assert.Equal(43, expected.Bound.Count);
        for (var run = 0; run < 2; run++)
        {
            var (system, regions) = await StartNode();
            try
            {
                var leases = await regions.Pools.Ask<PoolLeases>(new GetLeases("guests"), Timeout);
                var bound = leases.Leases.Where(l => l.State == AddressState.Bound)
                    .Select(l => (l.ClientKey, l.Address.ToString(), l.Until)).OrderBy(x => x.Item2).ToList();
                Assert.Equal(expected.Bound.Select(b => ((string?)b.ClientKey, b.Address, b.ExpiresAt)).OrderBy(x => x.Item2), bound);

                foreach (var b in expected.Bound)
                {
                    var record = await regions.Leases.Ask<ClientLeaseRecord>(new GetClientLease("guests", b.ClientKey), Timeout);
                    Assert.Equal((b.Address, b.Renewals), (record.Address?.ToString(), record.Renewals));
                }
                var released = await regions.Leases.Ask<ClientLeaseRecord>(new GetClientLease("guests", expected.Released.ClientKey), Timeout);
                Assert.Equal((null, expected.Released.LastAddress), (released.Address, released.LastAddress?.ToString()));

                if (run == 0) continue;
                // The owner is answered with its address; a newcomer asking for it is refused it.
                var first = expected.Bound[0];
                var owner = new LeaseRequest("guests", first.ClientKey, MacAddress.Parse(first.ClientKey[4..]), DhcpMethod.RequestInitReboot,
                    Ipv4Address.Parse(first.Address), Ipv4Address.Any, null, 1, 100 + run);
                Assert.Equal((LeaseOutcome.Ack, first.Address),
                    await regions.Leases.Ask<LeaseReply>(owner, Timeout) is var r ? (r.Outcome, r.Address.ToString()) : default);
                foreach (var b in expected.Bound.Take(5))
                {
                    var stranger = await regions.Leases.Ask<LeaseReply>(
                        Req(900 + run, DhcpMethod.RequestInitReboot, requested: b.Address, correlation: 200), Timeout);
                    Assert.Equal(LeaseOutcome.Nak, stranger.Outcome);
                }
            }
            finally
            {
                await system.Terminate();
            }
        }

        // Migrated once: one marker in the pool's journal, the old events untouched before it.
        SqliteConnection.ClearAllPools();
        await using var c = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "journal.db")}");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id = 'pool-guests' AND manifest = 'pool.migrated.v1';";
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { }
    }
}
