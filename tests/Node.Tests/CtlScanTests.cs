using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StaticDhcpd.Node.Cli;

namespace StaticDhcpd.Node.Tests;

/// <summary>
/// `ctl scan` against a stand-in node (Kestrel on loopback answering the scan routes with the contract's JSON, as
/// docs/management-api.md gives it): the status table, a refused start (409) exiting 1 with the node's note, and
/// --wait following the scan with GETs until it is no longer running, or giving up at --max-wait.
/// </summary>
public sealed class CtlScanTests : IAsyncLifetime
{
    private const string Unavailable = """{"pool":"lab","state":"unavailable","total":10,"probed":0,"answered":0,"percent":0,"startedAt":null,"finishedAt":null,"interface":null,"note":"no served interface faces 10.79.0.0/24 (a relayed pool)"}""";

    private static string Scan(string state, int probed, int answered, string? finishedAt = null) =>
        $$"""{"pool":"guests","state":"{{state}}","total":241,"probed":{{probed}},"answered":{{answered}},"percent":{{probed * 100 / 241}},"startedAt":"2026-12-02T17:00:00Z","finishedAt":{{(finishedAt is null ? "null" : $"\"{finishedAt}\"")}},"interface":"eth0","note":null}""";

    private WebApplication _app = null!;
    private string _endpoint = "";

    /// <summary>What the stand-in answers to each "METHOD path": the answers in turn, the last one repeated.</summary>
    private readonly ConcurrentDictionary<string, Queue<(int Status, string Body)>> _answers = new();
    private readonly ConcurrentQueue<string> _requests = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async http =>
        {
            var key = $"{http.Request.Method} {http.Request.Path}";
            _requests.Enqueue($"{key} {http.Request.Headers.Authorization}".TrimEnd());
            if (!_answers.TryGetValue(key, out var q))
            {
                http.Response.StatusCode = 404;
                await http.Response.WriteAsync("""{"error":{"code":"not-found","message":"no route"}}""");
                return;
            }
            (int status, string body) = q.Count > 1 ? q.Dequeue() : q.Peek();
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(body);
        });
        await _app.StartAsync();
        _endpoint = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private void Answer(string request, params (int, string)[] answers) => _answers[request] = new Queue<(int, string)>(answers);

    private async Task<(int Code, string Out, string Err)> Ctl(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await CommandLine.RunAsync(["ctl", "--endpoint", _endpoint, .. args], stdout, stderr, timeout.Token);
        return (code, stdout.ToString().Replace("\r", ""), stderr.ToString());
    }

    [Fact]
    public async Task Status_is_a_table_of_every_pool_from_scans()
    {
        Answer("GET /api/v1/scans", (200, $"[{Scan("running", 120, 3)},{Unavailable}]"));
        var (code, stdout, stderr) = await Ctl("scan", "status");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^POOL\s+STATE\s+PROBED\s+ANSWERED\s+INTERFACE\s+NOTE$", lines[0]);
        Assert.Matches(@"^guests\s+running\s+120/241\s+3\s+eth0$", lines[1]);
        Assert.Matches(@"^lab\s+unavailable\s+0/10\s+0\s+no served interface faces 10\.79\.0\.0/24 \(a relayed pool\)$", lines[2]);
        Assert.Equal(["GET /api/v1/scans"], _requests);
    }

    [Fact]
    public async Task Status_of_one_pool_asks_that_pool_only()
    {
        Answer("GET /api/v1/pools/lab/scan", (200, Unavailable));
        var (code, stdout, _) = await Ctl("scan", "status", "lab");
        Assert.Equal(0, code);
        Assert.Matches(@"(?m)^lab\s+unavailable\s+0/10\s+0\s+no served interface", stdout);
        Assert.Equal(["GET /api/v1/pools/lab/scan"], _requests);
    }

    [Fact]
    public async Task A_start_the_node_refuses_exits_1_with_its_note()
    {
        Answer("POST /api/v1/pools/lab/scan",
            (409, """{"error":{"code":"scan-unavailable","message":"ARP scanning is not available on this node"}}"""));
        var (code, stdout, stderr) = await Ctl("--token", "t0k", "scan", "lab", "--wait");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("scan-unavailable: ARP scanning is not available on this node (HTTP 409)", stderr);
        // The token went with the start, and a refused start is not followed.
        Assert.Equal(["POST /api/v1/pools/lab/scan Bearer t0k"], _requests);
    }

    [Fact]
    public async Task A_start_prints_how_the_scan_stands()
    {
        Answer("POST /api/v1/pools/guests/scan", (202, Scan("running", 0, 0)));
        var (code, stdout, stderr) = await Ctl("scan", "guests");
        Assert.True(code == 0, stderr);
        Assert.Equal("guests: running, 0/241 probed (0%), 0 answered, on eth0, started 2026-12-02T17:00:00Z\n", stdout);
        Assert.Equal(["POST /api/v1/pools/guests/scan"], _requests);
    }

    [Fact]
    public async Task Wait_follows_the_scan_until_it_is_no_longer_running()
    {
        Answer("POST /api/v1/pools/guests/scan", (202, Scan("running", 0, 0)));
        Answer("GET /api/v1/pools/guests/scan", (200, Scan("running", 120, 2)), (200, Scan("running", 120, 2)),
            (200, Scan("finished", 241, 5, "2026-12-02T17:00:09Z")));
        var (code, stdout, stderr) = await Ctl("scan", "guests", "--wait");
        Assert.True(code == 0, stderr);
        // One line a change: the unchanged second answer prints nothing.
        Assert.Equal("""
            guests: running, 0/241 probed (0%), 0 answered, on eth0, started 2026-12-02T17:00:00Z
            guests: running, 120/241 probed (49%), 2 answered, on eth0, started 2026-12-02T17:00:00Z
            guests: finished, 241/241 probed (100%), 5 answered, on eth0, started 2026-12-02T17:00:00Z, ended 2026-12-02T17:00:09Z

            """.Replace("\r", ""), stdout);
        Assert.Equal(["POST /api/v1/pools/guests/scan", .. Enumerable.Repeat("GET /api/v1/pools/guests/scan", 3)], _requests);
    }

    [Fact]
    public async Task Wait_with_json_prints_the_final_answer_only()
    {
        var done = Scan("finished", 241, 5, "2026-12-02T17:00:09Z");
        Answer("POST /api/v1/pools/guests/scan", (202, Scan("running", 0, 0)));
        Answer("GET /api/v1/pools/guests/scan", (200, done));
        var (code, stdout, _) = await Ctl("--json", "scan", "guests", "--wait");
        Assert.Equal(0, code);
        Assert.Equal(done + "\n", stdout);
    }

    [Fact]
    public async Task Wait_gives_up_at_max_wait_with_exit_1()
    {
        Answer("POST /api/v1/pools/guests/scan", (202, Scan("running", 0, 0)));
        Answer("GET /api/v1/pools/guests/scan", (200, Scan("running", 10, 0)));
        var started = DateTime.UtcNow;
        var (code, _, stderr) = await Ctl("scan", "guests", "--wait", "--max-wait", "1");
        Assert.Equal(1, code);
        Assert.Contains("the scan of guests is still running after 1 s (--max-wait)", stderr);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.InRange(_requests.Count(r => r.StartsWith("GET")), 1, 4);   // every 500 ms, not a busy loop
    }
}
