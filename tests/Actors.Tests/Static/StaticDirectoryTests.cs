using Akka.Actor;
using Akka.TestKit.Xunit2;
using StaticDhcpd.Actors.Static;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Protocol;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Static;

public class StaticDirectoryTests : TestKit, IDisposable
{
    private static readonly MacAddress Known = MacAddress.Parse("02:00:00:00:00:0a");
    private static readonly MacAddress Other = MacAddress.Parse("02:00:00:00:00:0b");
    private static readonly MacAddress Stranger = MacAddress.Parse("02:00:00:00:00:ff");
    private readonly SqliteTestDatabase _db = new();

    public StaticDirectoryTests() : base("akka.actor.provider = local\nakka.loglevel = DEBUG")
    {
        _db.AddSubnet("lan", 0, 600, gateway: "10.0.0.1");
        _db.AddMap(Known.ToString(), "10.0.0.10", "lan", 0, hostname: "known");
        _db.AddMap(Other.ToString(), "10.0.0.11", "lan", 0);
    }

    void IDisposable.Dispose()
    {
        Shutdown();
        _db.Dispose();
    }

    private (IActorRef Directory, CountingSource Source) Start(StaticSettings? settings = null)
    {
        var s = settings ?? _db.Settings();
        var source = new CountingSource(IStaticDefinitionSource.Create(s));
        return (Sys.ActorOf(StaticDirectory.Props(source, s)), source);
    }

    private StaticLookupResult Lookup(IActorRef dir, MacAddress mac, object? token = null)
    {
        dir.Tell(new StaticLookup(mac, token ?? "t"), TestActor);
        return ExpectMsg<StaticLookupResult>(TimeSpan.FromSeconds(5));
    }

    private StaticDirectoryStatus Status(IActorRef dir)
    {
        dir.Tell(new GetStaticDirectoryStatus(), TestActor);
        return ExpectMsg<StaticDirectoryStatus>();
    }

    [Fact]
    public void Answers_it_has_cached_are_read_by_others_without_asking_it_and_a_flush_drops_them()
    {
        var answers = new StaticAnswers();
        var s = _db.Settings();
        var source = new CountingSource(IStaticDefinitionSource.Create(s));
        var dir = Sys.ActorOf(StaticDirectory.Props(source, s, answers));
        Assert.False(answers.TryAnswer(Known, out _)); // nothing cached yet: the directory must be asked
        Assert.Equal("10.0.0.10", Lookup(dir, Known).Definition?.Ip.ToString());
        Lookup(dir, Stranger);

        Assert.True(answers.TryAnswer(Known, out var known));
        Assert.Equal("10.0.0.10", known?.Ip.ToString());
        Assert.True(answers.TryAnswer(Stranger, out var stranger));
        Assert.Null(stranger); // known to be unknown
        var status = Status(dir);
        Assert.Equal((4L, 1L, 1L, 1, 1), (status.Lookups, status.CacheHits, status.MissHits, status.CachedEntries, status.CachedMisses));

        dir.Tell(new FlushStaticCache(), TestActor);
        ExpectMsg<StaticCacheFlushed>(TimeSpan.FromSeconds(5));
        Assert.False(answers.TryAnswer(Known, out _));
        Assert.False(answers.TryAnswer(Stranger, out _));
    }

    [Fact]
    public void Start_logs_what_the_source_holds()
    {
        EventFilter.Info(contains: "static source sqlite:").And.Info(contains: "2 maps, 1 subnets")
            .ExpectOne(() => Start());
    }

    [Fact]
    public void Known_mac_is_answered_with_its_definition_and_token_and_then_from_the_cache_after_the_db_is_gone()
    {
        var (dir, source) = Start();
        var first = Lookup(dir, Known, token: 42);
        Assert.Equal(Ipv4Address.Parse("10.0.0.10"), first.Definition?.Ip);
        Assert.False(first.SourceFailed);
        Assert.Equal(42, first.Token);

        File.Delete(_db.FilePath);
        var second = Lookup(dir, Known);
        Assert.Equal(first.Definition, second.Definition);
        Assert.False(second.SourceFailed);
        Assert.Equal(1, source.Lookups);

        var status = Status(dir);
        Assert.Equal((2L, 1L, 1), (status.Lookups, status.CacheHits, status.CachedEntries));
    }

    [Fact]
    public void Unknown_mac_is_unknown_and_its_second_lookup_is_answered_from_the_cache()
    {
        var (dir, source) = Start();
        var first = Lookup(dir, Stranger, token: 7);
        Assert.Null(first.Definition);
        Assert.False(first.SourceFailed);
        Assert.Equal(7, first.Token);

        var second = Lookup(dir, Stranger);
        Assert.Null(second.Definition);
        Assert.False(second.SourceFailed);
        Assert.Equal(1, source.Lookups);

        var status = Status(dir);
        Assert.Equal((2L, 0L, 0, 1, 1L), (status.Lookups, status.CacheHits, status.CachedEntries, status.CachedMisses, status.MissHits));
    }

    [Fact]
    public void A_mac_registered_after_it_was_seen_unknown_is_found_after_a_flush()
    {
        var (dir, source) = Start();
        Assert.Null(Lookup(dir, Stranger).Definition);
        _db.AddMap(Stranger.ToString(), "10.0.0.50", "lan", 0, hostname: "registered");
        Assert.Null(Lookup(dir, Stranger).Definition); // still the cached "unknown"
        Assert.Equal(1, source.Lookups);

        dir.Tell(new FlushStaticCache(), TestActor);
        ExpectMsg<StaticCacheFlushed>();
        Assert.Equal(0, Status(dir).CachedMisses);

        var registered = Lookup(dir, Stranger);
        Assert.Equal(Ipv4Address.Parse("10.0.0.50"), registered.Definition?.Ip);
        Assert.Equal("registered", registered.Definition?.Hostname);
        Assert.Equal(2, source.Lookups);
        Assert.Equal(registered.Definition, Lookup(dir, Stranger).Definition); // now a cached hit
        Assert.Equal(2, source.Lookups);
    }

    [Fact]
    public void A_lookup_that_failed_is_not_cached_as_unknown()
    {
        var (dir, source) = Start();
        var moved = _db.FilePath + ".moved";
        File.Move(_db.FilePath, moved);
        Assert.True(Lookup(dir, Stranger).SourceFailed);
        Assert.Equal(1, source.Lookups);
        Assert.Equal(0, Status(dir).CachedMisses);

        EventFilter.Info(contains: "static source sqlite reachable again").ExpectOne(TimeSpan.FromSeconds(5),
            () => File.Move(moved, _db.FilePath));
        var after = Lookup(dir, Stranger);
        Assert.False(after.SourceFailed);
        Assert.Null(after.Definition);
        Assert.Equal(2, source.Lookups); // asked again, not answered from the failure
        Lookup(dir, Stranger);
        Assert.Equal(2, source.Lookups);
    }

    [Fact]
    public void Cached_unknowns_are_bounded_and_the_oldest_is_dropped_first()
    {
        var (dir, source) = Start(_db.Settings() with { MaxCachedMisses = 2 });
        MacAddress[] strangers = [MacAddress.Parse("02:00:00:00:01:01"), MacAddress.Parse("02:00:00:00:01:02"), MacAddress.Parse("02:00:00:00:01:03")];
        foreach (var mac in strangers) Lookup(dir, mac);
        Assert.Equal(3, source.Lookups);
        Assert.Equal(2, Status(dir).CachedMisses);

        Lookup(dir, strangers[2]);
        Lookup(dir, strangers[1]);
        Assert.Equal(3, source.Lookups);
        Lookup(dir, strangers[0]); // the oldest was dropped
        Assert.Equal(4, source.Lookups);
    }

    [Fact]
    public void Flush_empties_the_cache_so_the_next_lookup_reads_the_changed_row()
    {
        var (dir, source) = Start();
        Lookup(dir, Known);
        _db.Execute("UPDATE maps SET ip = '10.0.0.99' WHERE mac = $m", ("$m", Known.ToString()));
        Assert.Equal(Ipv4Address.Parse("10.0.0.10"), Lookup(dir, Known).Definition?.Ip); // still cached

        dir.Tell(new FlushStaticCache(), TestActor);
        Assert.Equal(1, ExpectMsg<StaticCacheFlushed>().EntriesDropped);

        Assert.Equal(Ipv4Address.Parse("10.0.0.99"), Lookup(dir, Known).Definition?.Ip);
        Assert.Equal(2, source.Lookups);
    }

    [Fact]
    public void Concurrent_misses_for_one_mac_become_one_query_that_answers_everyone()
    {
        var (dir, source) = Start();
        source.CloseGate();
        for (var i = 0; i < 5; i++) dir.Tell(new StaticLookup(Known, i), TestActor);
        AwaitCondition(() => source.Lookups == 1, TimeSpan.FromSeconds(3));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // held at the gate
        source.OpenGate();

        var replies = ReceiveN(5, TimeSpan.FromSeconds(5)).Cast<StaticLookupResult>().ToList();
        Assert.Equal([0, 1, 2, 3, 4], replies.Select(r => (int)r.Token).Order());
        Assert.All(replies, r => Assert.Equal(Ipv4Address.Parse("10.0.0.10"), r.Definition?.Ip));
        Assert.Equal(1, source.Lookups);
    }

    [Fact]
    public void Unreachable_database_fails_lookups_logs_once_serves_the_cache_and_reports_recovery()
    {
        var (dir, _) = Start();
        Lookup(dir, Known); // cached before the outage
        var moved = _db.FilePath + ".moved";
        File.Move(_db.FilePath, moved);

        EventFilter.Error(contains: "static source sqlite unreachable").ExpectOne(() =>
        {
            var failed = Lookup(dir, Other);
            Assert.Null(failed.Definition);
            Assert.True(failed.SourceFailed);
            Assert.True(Lookup(dir, Stranger).SourceFailed); // no second error, no "unknown"
            Assert.Equal(Ipv4Address.Parse("10.0.0.10"), Lookup(dir, Known).Definition?.Ip);
        });
        var down = Status(dir);
        Assert.False(down.SourceReachable);
        Assert.Contains("unable to open database file", down.LastError);
        Assert.Equal(2, down.SourceFailures);

        EventFilter.Info(contains: "static source sqlite reachable again").ExpectOne(TimeSpan.FromSeconds(5),
            () => File.Move(moved, _db.FilePath));
        Assert.True(Status(dir).SourceReachable);
        Assert.Equal(Ipv4Address.Parse("10.0.0.11"), Lookup(dir, Other).Definition?.Ip);
    }

    [Fact]
    public void Query_that_times_out_is_a_source_failure()
    {
        var (dir, source) = Start(_db.Settings() with { QueryTimeout = TimeSpan.FromMilliseconds(300) });
        source.CloseGate();
        var r = Lookup(dir, Known);
        Assert.True(r.SourceFailed);
        Assert.Contains("no answer within 0.3 s", Status(dir).LastError);
        source.OpenGate();
    }

    [Fact]
    public void Broken_row_is_reported_but_does_not_make_the_source_unreachable_or_the_client_unknown()
    {
        _db.Execute("UPDATE maps SET ip = 'ten' WHERE mac = $m", ("$m", Other.ToString()));
        var (dir, _) = Start();
        EventFilter.Error(contains: "maps.ip").ExpectOne(() =>
        {
            Assert.True(Lookup(dir, Other).SourceFailed);
            Assert.True(Lookup(dir, Other).SourceFailed);
        });
        Assert.Equal(Ipv4Address.Parse("10.0.0.10"), Lookup(dir, Known).Definition?.Ip);
        Assert.True(Status(dir).SourceReachable);
    }

    [Fact]
    public void Failed_ini_reload_keeps_serving_the_previous_content_and_reports_the_error()
    {
        using var tmp = new TempDir();
        var path = tmp.File("dhcp.ini");
        File.WriteAllText(path, $"[lan|0]\nlease-time = 60\n[{Known}]\nip = 10.0.0.10\nsubnet = lan\nserial = 0\n");
        var (dir, _) = Start(new StaticSettings { Provider = StaticProvider.Ini, IniFile = path });
        Assert.NotNull(Lookup(dir, Known).Definition);

        File.WriteAllText(path, $"[{Known}]\nip = 10.0.0.10\n");
        EventFilter.Error(contains: "keeping its previous content").ExpectOne(() =>
        {
            dir.Tell(new FlushStaticCache(), TestActor);
            Assert.Equal(1, ExpectMsg<StaticCacheFlushed>().EntriesDropped);
        });
        Assert.Equal(Ipv4Address.Parse("10.0.0.10"), Lookup(dir, Known).Definition?.Ip);
        Assert.Contains(path, Status(dir).LastError);
    }
}
