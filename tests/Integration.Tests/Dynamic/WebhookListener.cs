using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using StaticDhcpd.Integration.Tests.Wire;

namespace StaticDhcpd.Integration.Tests.Dynamic;

/// <summary>One POST the listener received: its path, Content-Type and JSON body.</summary>
public sealed record WebhookPost(string Path, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    public string? Field(string name) =>
        Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>
/// A small HTTP/1.1 endpoint for the server's webhook, listening on 127.0.0.1 inside the server's network namespace
/// (the server's 127.0.0.1 is its namespace's loopback, not the test's): the listening socket is created there with
/// setns (<see cref="NamespaceSocket"/>), so nothing leaves the lab. Records every request and answers 204.
/// </summary>
public sealed class WebhookListener : IDisposable
{
    private readonly Socket _listener;
    private readonly ConcurrentQueue<WebhookPost> _posts = new();
    private readonly CancellationTokenSource _stop = new();

    public WebhookListener(string netns)
    {
        _listener = NamespaceSocket.CreateTcpListener(netns, IPAddress.Loopback, 0);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _ = Task.Run(AcceptLoop);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hook";
    public IReadOnlyList<WebhookPost> Posts => _posts.ToList();

    /// <summary>The first POST (received so far or within <paramref name="timeout"/>) that matches; null if none.</summary>
    public async Task<WebhookPost?> WaitForAsync(Func<WebhookPost, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var hit = _posts.FirstOrDefault(p => { try { return match(p); } catch (JsonException) { return false; } });
            if (hit is not null || DateTime.UtcNow >= deadline) return hit;
            await Task.Delay(50);
        }
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try { connection = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => Serve(connection));
        }
    }

    private async Task Serve(Socket connection)
    {
        using var _ = connection;
        await using var stream = new NetworkStream(connection, ownsSocket: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var buffer = new List<byte>();
            var chunk = new byte[4096];
            while (!timeout.IsCancellationRequested) // keep-alive: one request after another
            {
                int headerEnd;
                while ((headerEnd = IndexOf(buffer, "\r\n\r\n"u8)) < 0)
                {
                    var n = await stream.ReadAsync(chunk, timeout.Token);
                    if (n == 0) return;
                    buffer.AddRange(chunk.AsSpan(0, n));
                }
                var head = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray()).Split("\r\n");
                var path = head[0].Split(' ') is { Length: >= 2 } rl ? rl[1] : "";
                string? contentType = null;
                var length = 0;
                foreach (var h in head.Skip(1))
                {
                    var colon = h.IndexOf(':');
                    if (colon < 0) continue;
                    var name = h[..colon].Trim();
                    var value = h[(colon + 1)..].Trim();
                    if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) length = int.Parse(value);
                    if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = value;
                }
                var bodyStart = headerEnd + 4;
                while (buffer.Count < bodyStart + length)
                {
                    var n = await stream.ReadAsync(chunk, timeout.Token);
                    if (n == 0) return;
                    buffer.AddRange(chunk.AsSpan(0, n));
                }
                var body = Encoding.UTF8.GetString(buffer.GetRange(bodyStart, length).ToArray());
                buffer.RemoveRange(0, bodyStart + length);
                _posts.Enqueue(new WebhookPost(path, contentType, body));
                await stream.WriteAsync("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), timeout.Token);
            }
        }
        catch (Exception) { /* the client went away or the test is over */ }
    }

    private static int IndexOf(List<byte> buffer, ReadOnlySpan<byte> pattern)
    {
        for (var i = 0; i + pattern.Length <= buffer.Count; i++)
        {
            var ok = true;
            for (var j = 0; j < pattern.Length && ok; j++) ok = buffer[i + j] == pattern[j];
            if (ok) return i;
        }
        return -1;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
    }
}
