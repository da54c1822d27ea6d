using System.Net.Http.Headers;
using Akka.Actor;
using Akka.Event;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Webhook;

namespace StaticDhcpd.Actors.Webhook;

/// <summary>
/// POSTs a JSON document (<see cref="WebhookJson"/>) to the configured URL for each <see cref="IWebhookNotice"/>
/// published on this node's EventStream (or told to it directly) whose event is configured. Publishers never wait:
/// all I/O runs off the actor thread and comes back by PipeTo, so a slow or dead endpoint cannot delay a DHCP reply.
/// Memory stays bounded when the endpoint is down: a queue of QueueCapacity (oldest dropped), MaxInFlight deliveries,
/// each with MaxRetries exponential-backoff retries, then a warning. Delivery is at least once per attempt chain; the
/// document's "id" lets a receiver discard the duplicate of an attempt that timed out but arrived.
/// </summary>
/// <remarks>Run one per node as <c>/user/webhook</c> (<see cref="Name"/>), only when <see cref="WebhookSettings.Enabled"/>,
/// and before the sockets open: notices published before it subscribes are not seen.</remarks>
public sealed class WebhookNotifier : ReceiveActor, IWithTimers
{
    public const string Name = "webhook";

    private sealed record Delivery(string Event, Guid Id, byte[] Body, MacAddress? DedupMac, int Retry);
    private enum Result { Delivered, Retry, GiveUp }
    private sealed record AttemptDone(Delivery Delivery, Result Result, string? Error);
    private sealed record RetryDue(Delivery Delivery);
    private sealed record PruneTick;

    private readonly WebhookSettings _settings;
    private readonly WebhookNotifierOptions _options;
    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private readonly Queue<Delivery> _queue = new();
    private readonly UnknownMacSightings _sightings;
    private int _inFlight;
    private bool _overflowing;
    private long _sent, _failed, _dropped, _suppressed, _retries;
    private string? _lastError;
    private DateTimeOffset? _lastFailureUtc;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <exception cref="ArgumentException">The settings have no URL: do not start a notifier then.</exception>
    public static Props Props(WebhookSettings settings, WebhookNotifierOptions? options = null)
    {
        if (settings.Url is null) throw new ArgumentException("the webhook has no url; start the notifier only when WebhookSettings.Enabled", nameof(settings));
        // Checked here, not in the constructor: there it would surface as an ActorInitializationException.
        if (settings.Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(settings), settings.Timeout, "the webhook timeout must be positive");
        var o = options ?? new WebhookNotifierOptions();
        o.Validate();
        return Akka.Actor.Props.Create(() => new WebhookNotifier(settings, o));
    }

    public WebhookNotifier(WebhookSettings settings, WebhookNotifierOptions options)
    {
        _settings = settings;
        _options = options;
        _sightings = new UnknownMacSightings(options.UnknownMacWindow);
        _url = settings.Url!;
        _http = new HttpClient(new SocketsHttpHandler
        {
            // A redirected POST turns into a GET on most servers: report the 3xx instead of following it.
            AllowAutoRedirect = false,
            ConnectTimeout = settings.Timeout,
            // Pick up a DNS change of the endpoint without a restart.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            // Each attempt has its own deadline (settings.Timeout), linked with the actor's stop.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("staticdhcpd-webhook", "1"));

        Receive<IWebhookNotice>(OnNotice);
        Receive<AttemptDone>(OnAttemptDone);
        Receive<RetryDue>(r => Attempt(r.Delivery));
        Receive<PruneTick>(_ => Prune());
        Receive<GetWebhookStatus>(_ => Sender.Tell(new WebhookStatus(_url.ToString(), _sent, _failed, _dropped,
            _suppressed, _retries, _queue.Count, _inFlight, _sightings.Count, _lastError, _lastFailureUtc)));
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(IWebhookNotice));
        if (_options.UnknownMacWindow > TimeSpan.Zero && _settings.Events.Contains(WebhookEvent.UnknownMac))
            Timers.StartPeriodicTimer("prune", new PruneTick(), _options.UnknownMacWindow);
        _log.Info("webhook: POST {0} to {1}", string.Join(", ", _settings.Events.Select(WebhookJson.NameOf).Order()), _url);
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        // Abandons running attempts; their results go to dead letters. Not disposed: attempts may still link to it.
        _stopping.Cancel();
        _http.Dispose();
    }

    private void OnNotice(IWebhookNotice notice)
    {
        if (WebhookJson.KindOf(notice) is not { } kind || !_settings.Events.Contains(kind)) return;

        MacAddress? dedup = null;
        if (notice is UnknownMacSeen u && _options.UnknownMacWindow > TimeSpan.Zero)
        {
            if (!_sightings.IsNews(u.Mac, u.Time))
            {
                _suppressed++;
                return;
            }
            dedup = u.Mac;
        }

        var id = Guid.NewGuid();
        var delivery = new Delivery(WebhookJson.NameOf(kind), id, WebhookJson.Serialize(notice, id), dedup, Retry: 0);
        if (_queue.Count >= _options.QueueCapacity)
        {
            Lost(_queue.Dequeue());
            _dropped++;
            if (!_overflowing)
            {
                _overflowing = true;
                _log.Warning("webhook queue full ({0} notices, {1} in flight to {2}): dropping the oldest",
                    _options.QueueCapacity, _inFlight, _url);
            }
        }
        _queue.Enqueue(delivery);
        Pump();
    }

    private void Pump()
    {
        while (_inFlight < _options.MaxInFlight && _queue.TryDequeue(out var next))
        {
            _inFlight++;
            Attempt(next);
        }
        if (_queue.Count == 0 && _overflowing)
        {
            _overflowing = false;
            _log.Info("webhook queue drained; {0} notices dropped since start", _dropped);
        }
    }

    private void Attempt(Delivery d)
    {
        var url = _url;
        var timeout = _settings.Timeout;
        var http = _http;
        var stopping = _stopping.Token;
        // Only immutable values cross into the task: it runs off the actor thread.
        Send(http, url, d, timeout, stopping)
            .PipeTo(Self, failure: e => new AttemptDone(d, Result.Retry, e.Message));
    }

    private static async Task<AttemptDone> Send(HttpClient http, Uri url, Delivery d, TimeSpan timeout, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        try
        {
            using var content = new ByteArrayContent(d.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue(WebhookJson.ContentType) { CharSet = "utf-8" };
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            // Headers are enough to judge the outcome; the body is not read, so a slow one cannot hold the slot.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token)
                .ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new AttemptDone(d, Result.Delivered, null);
            // 5xx, timeout and throttling may pass later; any other answer will be the same next time.
            var transient = code >= 500 || code is 408 or 429;
            return new AttemptDone(d, transient ? Result.Retry : Result.GiveUp, $"HTTP {code} {response.ReasonPhrase}".TrimEnd());
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new AttemptDone(d, Result.Retry, $"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException e)
        {
            return new AttemptDone(d, Result.Retry, e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message);
        }
    }

    private void OnAttemptDone(AttemptDone done)
    {
        var d = done.Delivery;
        if (done.Result == Result.Delivered)
        {
            _sent++;
            Release();
            return;
        }

        _lastError = done.Error;
        _lastFailureUtc = DateTimeOffset.UtcNow;
        if (done.Result == Result.Retry && d.Retry < _options.MaxRetries)
        {
            // The slot stays taken while waiting: see WebhookNotifierOptions.MaxInFlight.
            var next = d with { Retry = d.Retry + 1 };
            _retries++;
            Timers.StartSingleTimer(d.Id, new RetryDue(next), _options.BackoffBefore(next.Retry));
            return;
        }

        _failed++;
        _log.Warning("webhook {0} notice {1} not delivered to {2} after {3} attempt(s): {4}",
            d.Event, d.Id, _url, d.Retry + 1, done.Error);
        Lost(d);
        Release();
    }

    private void Release()
    {
        _inFlight--;
        Pump();
    }

    /// <summary>An unknown-mac notice that never arrived must not silence the MAC's next one for a whole window.</summary>
    private void Lost(Delivery d)
    {
        if (d.DedupMac is { } mac) _sightings.Forget(mac);
    }

    private void Prune() => _sightings.Prune(DateTimeOffset.UtcNow);
}
