using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Npgsql;
using StaticDhcpd.Actors.Static;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Node.Persistence;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Static;

/// <summary>A PostgreSQL reached through its unix socket (Host = the socket's directory), as a cluster's nodes on
/// the database host use it: the static definitions and the node's journal both work over it.</summary>
public sealed class PostgresSocketTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly PostgresCluster _pg = new();
    private readonly TempDir _dataDir = new();

    [Fact]
    public async Task The_socket_connection_string_does_not_go_over_tcp()
    {
        await using var c = new NpgsqlConnection(_pg.SocketConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT inet_server_addr() IS NULL", c);
        Assert.True((bool)(await cmd.ExecuteScalarAsync())!); // NULL: a unix-socket session
    }

    [Fact]
    public async Task Static_definitions_are_read_over_the_socket()
    {
        _pg.Execute("""
            INSERT INTO subnets (subnet, serial, lease_time) VALUES ('lan', 0, 600);
            INSERT INTO maps VALUES ('02:00:00:00:00:0a', '10.66.0.50', 'printer', 'lan', 0);
            """);
        using var source = new PostgresDefinitionSource(new StaticSettings
        {
            Provider = StaticProvider.PostgreSql,
            ConnectionString = _pg.SocketConnectionString,
        });
        Assert.Contains("1 maps, 1 subnets", await source.ProbeAsync(default));
        var d = await source.LookupAsync(MacAddress.Parse("02:00:00:00:00:0a"), default);
        Assert.Equal(Ipv4Address.Parse("10.66.0.50"), d?.Ip);
    }

    [Fact]
    public async Task The_node_journal_writes_and_recovers_over_the_socket()
    {
        PersistenceConfig.PrepareDatabase(_dataDir.Path, PersistenceConfig.PostgreSql, _pg.SocketConnectionString);
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(PersistenceConfig.Build(_dataDir.Path, PersistenceConfig.PostgreSql, _pg.SocketConnectionString));

        var first = ActorSystem.Create("journal-socket", config);
        try
        {
            var log = first.ActorOf(Props.Create(() => new EventLog("socket-log")));
            Assert.Equal("stored a", await log.Ask<string>("a", Timeout));
            Assert.Equal("stored b", await log.Ask<string>("b", Timeout));
        }
        finally
        {
            await first.Terminate();
        }

        var second = ActorSystem.Create("journal-socket", config);
        try
        {
            var log = second.ActorOf(Props.Create(() => new EventLog("socket-log")));
            Assert.Equal("a,b", await log.Ask<string>(EventLog.Read, Timeout));
        }
        finally
        {
            await second.Terminate();
        }

        await using var c = new NpgsqlConnection(_pg.SocketConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM journal WHERE persistence_id = 'socket-log'", c);
        Assert.Equal(2L, (long)(await cmd.ExecuteScalarAsync())!);

        // What HOCON.conf's down-removal-margin relies on: two live copies of one entity (a partition's both sides)
        // cannot both write sequence number n, the journal keeps one and refuses the other.
        await using var keys = new NpgsqlCommand(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'journal' AND indexdef LIKE 'CREATE UNIQUE INDEX%'", c);
        var unique = new List<string>();
        await using (var r = await keys.ExecuteReaderAsync())
            while (await r.ReadAsync()) unique.Add(r.GetString(0));
        Assert.Contains(unique, d => d.EndsWith("(persistence_id, sequence_number)"));
    }

    /// <summary>Persists each string it is sent; answers <see cref="Read"/> with what it recovered and stored.</summary>
    private sealed class EventLog : ReceivePersistentActor
    {
        public const string Read = "?read";
        private readonly List<string> _events = [];

        public override string PersistenceId { get; }

        public EventLog(string id)
        {
            PersistenceId = id;
            Recover<string>(_events.Add);
            Command<string>(s => s == Read, _ => Sender.Tell(string.Join(",", _events)));
            Command<string>(s => Persist(s, e =>
            {
                _events.Add(e);
                Sender.Tell($"stored {e}");
            }));
        }
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        _pg.Dispose();
        _dataDir.Dispose();
    }
}
