using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace StaticDhcpd.Actors.Tests.Webhook;

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 for the notifier to POST to. Each request is recorded when it arrives (before
/// it is answered, so a hanging answer is still seen) and answered with the status <see cref="Respond"/> gives for
/// its 0-based index, possibly after waiting.
/// </summary>
internal sealed class HookListener : IDisposable
{
    public sealed record Request(int Index, string Method, string Path, string? ContentType, string Body, TimeSpan At);

    private readonly HttpListener _listener;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    // Released on Dispose so no handler outlives the test.
    private readonly TaskCompletionSource _closing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public Uri Url { get; }
    public int Count => Volatile.Read(ref _count);
    public Func<int, Task<int>> Respond { get; set; } = _ => Task.FromResult(200);

    public HookListener()
    {
        // The port is found free and then bound by HttpListener: another process may take it in between, so retry.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                _listener = listener;
                Url = new Uri($"http://127.0.0.1:{port}/hook");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
        _ = Task.Run(AcceptLoop);
    }

    /// <summary>Every request waits for <paramref name="gate"/> and is then answered 200.</summary>
    public void HangUntil(Task gate) => Respond = async _ =>
    {
        await Task.WhenAny(gate, _closing.Task);
        return 200;
    };

    public async Task<Request> Next(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            return await _requests.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no request reached the listener within {timeout ?? TimeSpan.FromSeconds(5)} ({Count} so far)");
        }
    }

    public async Task<List<Request>> Take(int n, TimeSpan? timeout = null)
    {
        var list = new List<Request>();
        for (var i = 0; i < n; i++) list.Add(await Next(timeout));
        return list;
    }

    private async Task AcceptLoop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Handle(ctx));
        }
    }

    private async Task Handle(HttpListenerContext ctx)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
            var index = Interlocked.Increment(ref _count) - 1;
            _requests.Writer.TryWrite(new Request(index, ctx.Request.HttpMethod, ctx.Request.Url!.AbsolutePath,
                ctx.Request.ContentType, body, _clock.Elapsed));
            ctx.Response.StatusCode = await Respond(index);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The client gave up (timeout) or the listener closed: nothing to answer.
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _closing.TrySetResult();
        _listener.Close();
    }
}
