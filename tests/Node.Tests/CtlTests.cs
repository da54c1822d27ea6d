using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using StaticDhcpd.Node.Cli;
using StaticDhcpd.Node.Ctl;

namespace StaticDhcpd.Node.Tests;

/// <summary>ctl's parts that need no node: endpoint resolution, exit codes, tables, the event-stream framing.</summary>
public class CtlTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await CommandLine.RunAsync(args, stdout, stderr, timeout.Token);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void The_endpoint_defaults_to_the_management_address_of_the_config()
    {
        using var file = new TempConfig("""staticdhcpd.management { hostname = "10.1.2.3", port = 9000, token = "s3cret" }""");
        var (endpoint, token) = CtlEndpoint.Resolve(null, null, file.Path);
        Assert.Equal("http://10.1.2.3:9000/", endpoint.ToString());
        Assert.Equal("s3cret", token);
    }

    [Fact]
    public void Without_a_config_the_endpoint_is_loopback_8558_and_a_wildcard_listener_is_asked_on_loopback()
    {
        Assert.Equal("http://127.0.0.1:8558/", CtlEndpoint.Resolve(null, null, null).Endpoint.ToString());
        using var file = new TempConfig("""staticdhcpd.management { hostname = "0.0.0.0", token = "t" }""");
        Assert.Equal("http://127.0.0.1:8558/", CtlEndpoint.Resolve(null, null, file.Path).Endpoint.ToString());
    }

    [Fact]
    public void The_options_win_over_the_config()
    {
        using var file = new TempConfig("""staticdhcpd.management { port = 9000, token = "from-file" }""");
        var (endpoint, token) = CtlEndpoint.Resolve("10.0.0.5:8600", "from-line", file.Path);
        Assert.Equal("http://10.0.0.5:8600/", endpoint.ToString());
        Assert.Equal("from-line", token);
    }

    [Fact]
    public async Task A_missing_config_is_a_configuration_error_exit_2()
    {
        using var file = new TempConfig("");
        var (code, _, stderr) = await Run("ctl", "--config", file.Missing, "pools", "list");
        Assert.Equal(2, code);
        Assert.Contains($"{file.Missing}: configuration file not found", stderr);
    }

    [Fact]
    public async Task A_node_that_does_not_answer_is_exit_3()
    {
        // A port just released: nothing listens there.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var (code, stdout, stderr) = await Run("ctl", "--endpoint", $"http://127.0.0.1:{port}", "--json", "leases", "list");
        Assert.Equal(3, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"staticdhcpd ctl: unreachable: http://127.0.0.1:{port}/", stderr);
    }

    [Theory]
    [InlineData(200, 0)]
    [InlineData(201, 0)]
    [InlineData(400, 2)]
    [InlineData(401, 1)]
    [InlineData(403, 1)]
    [InlineData(404, 1)]
    [InlineData(409, 1)]
    [InlineData(500, 1)]
    [InlineData(503, 3)]
    [InlineData(504, 3)]
    public void Http_statuses_map_to_the_documented_exit_codes(int status, int exit) =>
        Assert.Equal(exit, CtlInvocation.ExitCodeOf(status));

    [Fact]
    public void The_contract_error_is_named_by_its_code_and_message()
    {
        var (code, message) = CtlInvocation.ErrorOf(new CtlResponse(409, """{"error":{"code":"static-provider-read-only","message":"ini is read-only"}}""", "application/json"));
        Assert.Equal(("static-provider-read-only", "ini is read-only"), (code, message));
        Assert.Equal(("http-502", "Bad Gateway"), CtlInvocation.ErrorOf(new CtlResponse(502, "Bad Gateway", "text/plain")));
    }

    [Fact]
    public void A_table_pads_columns_and_right_aligns_numbers()
    {
        var t = new Table("NAME", "TOTAL", "USED").Add("guests", 241, "0.8%").Add("lab", 9, "100%");
        Assert.Equal("""
            NAME    TOTAL  USED
            guests    241  0.8%
            lab         9  100%

            """.Replace("\r", ""), t.ToString().Replace("\r", ""));
    }

    [Fact]
    public void Pools_render_with_their_utilisation()
    {
        var json = JsonDocument.Parse("""[{"name":"guests","subnet":"10.77.0.0/16","ranges":["10.77.100.10-10.77.100.250"],"leaseTime":60,"total":241,"free":239,"offered":0,"bound":2,"declined":0,"inUse":0,"blockedClients":0}]""").RootElement;
        var w = new StringWriter();
        PoolsCommands.RenderList(json, w);
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "SUBNET", "TOTAL", "FREE", "OFFERED", "BOUND", "DECLINED", "IN-USE", "USED"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["guests", "10.77.0.0/16", "241", "239", "0", "2", "0", "0", "0.8%"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Leases_render_one_row_each_and_a_count()
    {
        var json = JsonDocument.Parse("""{"total":7,"offset":5,"limit":2,"items":[{"address":"10.77.100.10","mac":"02:00:00:00:00:01","clientId":null,"pool":"guests","state":"bound","expires":"2026-12-02T04:00:00Z","hostname":"guest-10"}]}""").RootElement;
        var w = new StringWriter();
        LeasesCommands.RenderList(json, w);
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(["10.77.100.10", "02:00:00:00:00:01", "guests", "bound", "2026-12-02T04:00:00Z", "guest-10"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("1 of 7 lease(s) from offset 5", lines[2].Trim());
    }

    [Fact]
    public void Buckets_per_node_are_shown_as_ranges() =>
        Assert.Equal("0-2,5,7-8", ShardingCommands.Ranges([0, 1, 2, 5, 7, 8]));

    [Fact]
    public void The_event_stream_framing_yields_events_and_skips_comments()
    {
        var p = new SseParser();
        var events = new List<SseEvent>();
        foreach (var line in new[] { ": keep-alive", "", "event: lease-granted", """data: {"time":"2026-12-02T04:00:00Z","address":"10.77.100.10"}""", "",
                     "data: x", "data: y", "" })
            if (p.Feed(line) is { } e) events.Add(e);
        Assert.Equal(2, events.Count);
        Assert.Equal("lease-granted", events[0].Name);
        Assert.Equal("""{"event":"lease-granted","data":{"time":"2026-12-02T04:00:00Z","address":"10.77.100.10"}}""", EventsCommand.JsonLine(events[0]));
        Assert.Equal("2026-12-02T04:00:00Z  lease-granted   address=10.77.100.10", EventsCommand.Line(events[0]));
        Assert.Equal(new SseEvent("message", "x\ny"), events[1]);
    }

    [Fact]
    public void Query_strings_carry_only_given_filters_escaped() =>
        Assert.Equal("?pool=guests&search=02%3Aab&limit=5", LeasesCommands.Query(("pool", "guests"), ("state", null), ("search", "02:ab"), ("limit", "5")));
}
