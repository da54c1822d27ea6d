using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using StaticDhcpd.Integration.Tests.Wire;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>
/// An HttpClient whose connections are made inside a lab namespace (each TCP socket is created there with setns,
/// <see cref="NamespaceSocket"/>), so the test reaches a node's management port on that namespace's 127.0.0.1 exactly as
/// an operator on the node's machine would.
/// </summary>
public sealed class ManagementClient : IDisposable
{
    private readonly HttpClient _http;

    public ManagementClient(string netns, int port)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (ctx, ct) =>
            {
                var s = NamespaceSocket.Create(netns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                try
                {
                    await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, ctx.DnsEndPoint.Port), ct);
                    return new NetworkStream(s, ownsSocket: true);
                }
                catch
                {
                    s.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(15) };
    }

    public sealed record Answer(HttpStatusCode Status, string Body, string? ContentType)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public override string ToString() => $"{(int)Status} {Body}";
    }

    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? token = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => _http.Dispose();
}
