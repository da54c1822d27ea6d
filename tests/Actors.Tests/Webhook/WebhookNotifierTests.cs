using System.Text.Json;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using StaticDhcpd.Actors.Webhook;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Webhook;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Webhook;

/// <summary>The notifier against a real HTTP listener on loopback; notices arrive the way publishers send them, on
/// the EventStream.</summary>
public class WebhookNotifierTests : TestKit, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly HookListener _hook = new();

    public WebhookNotifierTests() : base("akka.actor.provider = local\nakka.loglevel = INFO")
    {
    }

    void IDisposable.Dispose()
    {
        Shutdown();
        _hook.Dispose();
    }

    private WebhookSettings Settings(params WebhookEvent[] events) => new()
    {
        Url = _hook.Url,
        Events = (events.Length == 0 ? [WebhookEvent.UnknownMac] : events).ToHashSet(),
        Timeout = TimeSpan.FromSeconds(5),
    };

    // One slot keeps delivery order equal to publish order, so tests can compare sequences.
    private static readonly WebhookNotifierOptions Fast = new()
    {
        MaxInFlight = 1,
        MaxRetries = 3,
        FirstRetryDelay = TimeSpan.FromMilliseconds(20),
    };

    private async Task<IActorRef> Start(WebhookSettings? settings = null, WebhookNotifierOptions? options = null)
    {
        var notifier = Sys.ActorOf(WebhookNotifier.Props(settings ?? Settings(), options ?? Fast));
        // Answering means PreStart ran: the EventStream subscription exists before anything is published.
        await Status(notifier);
        return notifier;
    }

    private static Task<WebhookStatus> Status(IActorRef notifier) => notifier.Ask<WebhookStatus>(new GetWebhookStatus(), Wait);

    private static async Task<WebhookStatus> StatusWhen(IActorRef notifier, Func<WebhookStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var s = await Status(notifier);
            if (condition(s)) return s;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"status never matched: {s}");
            await Task.Delay(10);
        }
    }

    private void Publish(IWebhookNotice n) => Sys.EventStream.Publish(n);

    private static MacAddress Mac(int i) => new(0x02_00_00_00_00_00UL + (ulong)i);

    private static UnknownMacSeen Unknown(int i, DateTimeOffset? at = null) =>
        new(Mac(i), "eth0", null, "guests", $"host{i}", at ?? T0);

    private static JsonElement Body(HookListener.Request r) => JsonDocument.Parse(r.Body).RootElement;

    private static string Field(HookListener.Request r, string name) => Body(r).GetProperty(name).ToString();

    [Fact]
    public async Task Unknown_mac_is_posted_as_a_json_document()
    {
        await Start();
        Publish(new UnknownMacSeen(Mac(1), "eth1", Ipv4Address.Parse("10.77.0.1"), "guests", "laptop", T0.AddMilliseconds(5)));

        var r = await _hook.Next();
        Assert.Equal("POST", r.Method);
        Assert.Equal("/hook", r.Path);
        Assert.Equal("application/json; charset=utf-8", r.ContentType);
        var body = Body(r);
        Assert.Equal(
            ["event", "id", "time", "mac", "interface", "relay", "pool", "hostname"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("unknown-mac", body.GetProperty("event").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("id").GetString(), out _));
        Assert.Equal("2025-03-01T12:00:00.005Z", body.GetProperty("time").GetString());
        Assert.Equal("02:00:00:00:00:01", body.GetProperty("mac").GetString());
        Assert.Equal("eth1", body.GetProperty("interface").GetString());
        Assert.Equal("10.77.0.1", body.GetProperty("relay").GetString());
        Assert.Equal("guests", body.GetProperty("pool").GetString());
        Assert.Equal("laptop", body.GetProperty("hostname").GetString());
    }

    [Fact]
    public async Task Lease_notices_are_posted_when_configured()
    {
        var notifier = await Start(Settings(WebhookEvent.LeaseGranted, WebhookEvent.LeaseReleased, WebhookEvent.LeaseExpired));
        var a = Ipv4Address.Parse("10.77.100.10");
        Publish(new LeaseGrantedNotice(Mac(1), "mac:02:00:00:00:00:01", "guests", a, TimeSpan.FromSeconds(300), T0.AddSeconds(300), T0));
        Publish(new LeaseReleasedNotice(Mac(1), "mac:02:00:00:00:00:01", "guests", a, T0.AddSeconds(10)));
        Publish(new LeaseExpiredNotice(Mac(2), "01020000000002", "guests", a, T0.AddSeconds(400), T0.AddSeconds(401)));

        var r = await _hook.Take(3);
        Assert.Equal(["lease-granted", "lease-released", "lease-expired"], r.Select(x => Field(x, "event")));
        Assert.Equal("10.77.100.10", Field(r[0], "address"));
        Assert.Equal(300, Body(r[0]).GetProperty("lease_seconds").GetInt32());
        Assert.Equal("2025-03-01T12:05:00.000Z", Field(r[0], "expires"));
        Assert.Equal("mac:02:00:00:00:00:01", Field(r[1], "client_key"));
        Assert.Equal("01020000000002", Field(r[2], "client_key"));
        Assert.Equal("2025-03-01T12:06:40.000Z", Field(r[2], "expired"));
        Assert.Equal(3, (await StatusWhen(notifier, s => s.Sent == 3)).Sent);
    }

    [Fact]
    public async Task Events_not_in_the_configured_list_are_not_sent()
    {
        var notifier = await Start(Settings(WebhookEvent.UnknownMac));
        var a = Ipv4Address.Parse("10.77.100.10");
        Publish(new LeaseGrantedNotice(Mac(1), "k", "guests", a, TimeSpan.FromSeconds(300), T0, T0));
        Publish(new LeaseReleasedNotice(Mac(1), "k", "guests", a, T0));
        Publish(new LeaseExpiredNotice(Mac(1), "k", "guests", a, T0, T0));
        Publish(Unknown(2));

        // Delivery follows publish order (one slot): had a lease notice been sent, it would have come first.
        Assert.Equal("unknown-mac", Field(await _hook.Next(), "event"));
        var s = await StatusWhen(notifier, s => s.Sent == 1 && s.InFlight == 0);
        Assert.Equal((1, 0, 0), (_hook.Count, s.Queued, s.Dropped));
    }

    [Fact]
    public async Task Failed_attempts_are_retried_with_growing_backoff_until_the_endpoint_accepts()
    {
        _hook.Respond = i => Task.FromResult(i < 2 ? 500 : 204);
        var notifier = await Start(options: Fast with { FirstRetryDelay = TimeSpan.FromMilliseconds(100) });
        Publish(Unknown(1));

        var r = await _hook.Take(3);
        // The same document each time: same id, so a receiver can tell a retry from a new event.
        Assert.Single(r.Select(x => x.Body).Distinct());
        Assert.True(r[1].At - r[0].At >= TimeSpan.FromMilliseconds(90), $"first retry after {r[1].At - r[0].At}");
        Assert.True(r[2].At - r[1].At >= TimeSpan.FromMilliseconds(190), $"second retry after {r[2].At - r[1].At}");
        var s = await StatusWhen(notifier, s => s.Sent == 1);
        Assert.Equal((0, 2, "HTTP 500 Internal Server Error"), (s.Failed, s.Retries, s.LastError));
    }

    [Fact]
    public async Task After_the_last_retry_the_notice_is_counted_failed_with_a_warning()
    {
        _hook.Respond = _ => Task.FromResult(503);
        var notifier = await Start(options: Fast with { MaxRetries = 2 });

        await EventFilter.Warning(contains: "not delivered").ExpectOneAsync(async () =>
        {
            Publish(Unknown(1));
            await _hook.Take(3);
            await StatusWhen(notifier, s => s.Failed == 1);
        });
        var s = await Status(notifier);
        Assert.Equal((0, 2, 0, 3), (s.Sent, s.Retries, s.InFlight, _hook.Count));
        Assert.Contains("HTTP 503", s.LastError);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        _hook.Respond = i => Task.FromResult(i == 0 ? 400 : 200);
        var notifier = await Start();
        Publish(Unknown(1));
        Publish(Unknown(2));

        // The second notice reaches the endpoint right after the first: no retry came in between.
        var r = await _hook.Take(2);
        Assert.Equal(["02:00:00:00:00:01", "02:00:00:00:00:02"], r.Select(x => Field(x, "mac")));
        var s = await StatusWhen(notifier, s => s.Sent == 1);
        Assert.Equal((1, 0), (s.Failed, s.Retries));
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_within_the_timeout_is_retried_then_given_up()
    {
        var never = new TaskCompletionSource();
        _hook.HangUntil(never.Task);
        var settings = Settings() with { Timeout = TimeSpan.FromMilliseconds(200) };
        var notifier = await Start(settings, Fast with { MaxRetries = 1 });
        Publish(Unknown(1));

        await _hook.Take(2);
        var s = await StatusWhen(notifier, s => s.Failed == 1);
        Assert.Equal((0, 1, "no answer within 200 ms"), (s.Sent, s.Retries, s.LastError));
    }

    [Fact]
    public async Task A_hanging_endpoint_fills_the_bounded_queue_and_the_oldest_notices_are_dropped()
    {
        var gate = new TaskCompletionSource();
        _hook.HangUntil(gate.Task);
        var notifier = await Start(options: Fast with { QueueCapacity = 3 });

        await EventFilter.Warning(contains: "queue full").ExpectOneAsync(async () =>
        {
            Publish(Unknown(1));
            await _hook.Next(); // 1 is in flight and hangs
            for (var i = 2; i <= 6; i++) Publish(Unknown(i));
            var s = await Status(notifier);
            Assert.Equal((3, 2, 1, 0), (s.Queued, s.Dropped, s.InFlight, s.Sent));
        });

        gate.SetResult();
        var rest = await _hook.Take(3);
        // 2 and 3 were the oldest waiting when 5 and 6 arrived.
        Assert.Equal(["02:00:00:00:00:04", "02:00:00:00:00:05", "02:00:00:00:00:06"], rest.Select(x => Field(x, "mac")));
        var done = await StatusWhen(notifier, s => s.Sent == 4);
        Assert.Equal((0, 2, 0), (done.Queued, done.Dropped, done.InFlight));
    }

    [Fact]
    public async Task A_flood_while_the_endpoint_hangs_costs_publishers_nothing_and_memory_stays_bounded()
    {
        var gate = new TaskCompletionSource();
        _hook.HangUntil(gate.Task);
        var notifier = await Start(options: Fast with { QueueCapacity = 100, MaxInFlight = 2 });

        var started = DateTime.UtcNow;
        for (var i = 0; i < 20_000; i++) Publish(Unknown(i));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "publishing waited for the notifier");

        var s = await Status(notifier);
        Assert.Equal((100, 20_000 - 2 - 100, 2), (s.Queued, s.Dropped, s.InFlight));
        gate.SetResult();
    }

    [Fact]
    public async Task An_unknown_mac_is_notified_once_per_window()
    {
        var notifier = await Start(options: Fast with { UnknownMacWindow = TimeSpan.FromMinutes(1) });
        Publish(Unknown(1, T0));
        Publish(Unknown(1, T0.AddSeconds(2))); // the client retries DISCOVER
        Publish(Unknown(2, T0.AddSeconds(3)));
        Publish(Unknown(1, T0.AddSeconds(59)));
        Publish(Unknown(1, T0.AddSeconds(61))); // the window has passed

        var r = await _hook.Take(3);
        Assert.Equal(["02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:01"], r.Select(x => Field(x, "mac")));
        Assert.Equal("2025-03-01T12:01:01.000Z", Field(r[2], "time"));
        var s = await StatusWhen(notifier, s => s.Sent == 3);
        Assert.Equal((2, 3), (s.Suppressed, _hook.Count));
    }

    [Fact]
    public async Task Macs_older_than_the_window_are_forgotten_so_memory_does_not_grow()
    {
        var window = TimeSpan.FromMilliseconds(200);
        var notifier = await Start(options: Fast with { UnknownMacWindow = window });
        var now = DateTimeOffset.UtcNow;
        Publish(Unknown(1, now));
        Publish(Unknown(2, now + TimeSpan.FromSeconds(30))); // stamped later than the clock: not due for pruning yet
        Assert.Equal(2, (await StatusWhen(notifier, s => s.Sent == 2)).RememberedMacs);

        // The prune runs every window; MAC 1 goes within two windows of its time, MAC 2 stays.
        var pruned = await StatusWhen(notifier, s => s.RememberedMacs < 2);
        Assert.True(DateTimeOffset.UtcNow - now >= window, "pruned before its window passed");
        Assert.Equal(1, pruned.RememberedMacs);
        Publish(Unknown(2, now + TimeSpan.FromSeconds(30.1)));
        Assert.Equal(1, (await StatusWhen(notifier, s => s.Suppressed == 1)).Suppressed);
    }

    [Fact]
    public async Task An_unknown_mac_whose_notice_failed_is_not_silenced_for_the_window()
    {
        _hook.Respond = i => Task.FromResult(i == 0 ? 404 : 200);
        var notifier = await Start();
        Publish(Unknown(1, T0));
        await StatusWhen(notifier, s => s.Failed == 1);
        Publish(Unknown(1, T0.AddSeconds(5)));

        var r = await _hook.Take(2);
        Assert.Equal("2025-03-01T12:00:05.000Z", Field(r[1], "time"));
        Assert.Equal(0, (await StatusWhen(notifier, s => s.Sent == 1)).Suppressed);
    }

    [Fact]
    public async Task A_zero_window_sends_every_unknown_mac_notice_and_lease_notices_are_never_deduplicated()
    {
        var notifier = await Start(Settings(WebhookEvent.UnknownMac, WebhookEvent.LeaseGranted),
            Fast with { UnknownMacWindow = TimeSpan.Zero });
        var granted = new LeaseGrantedNotice(Mac(1), "k", "guests", Ipv4Address.Parse("10.77.100.10"), TimeSpan.FromSeconds(60), T0, T0);
        Publish(Unknown(1));
        Publish(Unknown(1));
        Publish(granted);
        Publish(granted);

        var r = await _hook.Take(4);
        Assert.Equal(["unknown-mac", "unknown-mac", "lease-granted", "lease-granted"], r.Select(x => Field(x, "event")));
        // Each notice is its own event for the receiver, even when the content is the same.
        Assert.Equal(4, r.Select(x => Field(x, "id")).Distinct().Count());
        Assert.Equal(0, (await StatusWhen(notifier, s => s.Sent == 4)).Suppressed);
    }

    [Fact]
    public async Task Concurrent_deliveries_stay_within_max_in_flight()
    {
        var gate = new TaskCompletionSource();
        _hook.HangUntil(gate.Task);
        var notifier = await Start(options: Fast with { MaxInFlight = 3 });
        for (var i = 1; i <= 5; i++) Publish(Unknown(i));

        await _hook.Take(3);
        var s = await Status(notifier);
        Assert.Equal((3, 2, 3), (s.InFlight, s.Queued, _hook.Count));
        gate.SetResult();
        await _hook.Take(2);
        Assert.Equal(5, (await StatusWhen(notifier, s => s.Sent == 5)).Sent);
    }

    [Fact]
    public void Props_refuse_settings_without_a_url_or_with_unusable_options()
    {
        Assert.Throws<ArgumentException>(() => WebhookNotifier.Props(new WebhookSettings()));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookNotifier.Props(Settings() with { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookNotifier.Props(Settings(), new WebhookNotifierOptions { MaxInFlight = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookNotifier.Props(Settings(), new WebhookNotifierOptions { QueueCapacity = 0 }));
    }

    [Fact]
    public void Defaults_are_a_queue_of_1000_and_three_retries_after_1_2_and_4_seconds()
    {
        var o = new WebhookNotifierOptions();
        Assert.Equal((1000, 3, TimeSpan.FromSeconds(60)), (o.QueueCapacity, o.MaxRetries, o.UnknownMacWindow));
        Assert.Equal([1.0, 2.0, 4.0], Enumerable.Range(1, 3).Select(i => o.BackoffBefore(i).TotalSeconds));
    }
}
