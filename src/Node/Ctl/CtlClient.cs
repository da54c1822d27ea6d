using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace StaticDhcpd.Node.Ctl;

/// <summary>One answer of the management endpoint, body as text (JSON or CSV) so --json can pass it through.</summary>
public sealed record CtlResponse(int Status, string Body, string? ContentType)
{
    public bool Ok => Status is >= 200 and < 300;
}

/// <summary>The node did not answer: connection refused, no route, or no answer in time.</summary>
public sealed class CtlUnreachableException(string message) : Exception(message);

/// <summary>HTTP to one node's management endpoint, with the bearer token on every request when one is given.</summary>
public sealed class CtlClient : IDisposable
{
    private readonly HttpClient _http;

    public Uri Endpoint { get; }

    public CtlClient(Uri endpoint, string? token, TimeSpan timeout)
    {
        Endpoint = endpoint;
        _http = new HttpClient { BaseAddress = endpoint, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd($"staticdhcpd-ctl/{Cli.CommandLine.Version.Split('+')[0]}");
        if (!string.IsNullOrEmpty(token))
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        RequestTimeout = timeout;
    }

    public TimeSpan RequestTimeout { get; }

    public async Task<CtlResponse> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body, CtlJson.Options), Encoding.UTF8, "application/json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            return new CtlResponse((int)response.StatusCode, text, response.Content.Headers.ContentType?.MediaType);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CtlUnreachableException($"{Endpoint} did not answer {method} {path} within {RequestTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            throw new CtlUnreachableException($"{Endpoint}: {Describe(e)}");
        }
    }

    /// <summary>Opens a streaming GET (Server-Sent Events); the status is checked by the caller.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CtlUnreachableException($"{Endpoint} did not answer GET {path} within {RequestTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            throw new CtlUnreachableException($"{Endpoint}: {Describe(e)}");
        }
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is SocketException s ? $"{s.SocketErrorCode}: {s.Message}" : e.Message;

    public void Dispose() => _http.Dispose();
}

public static class CtlJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
