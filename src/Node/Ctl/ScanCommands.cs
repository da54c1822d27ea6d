using System.CommandLine;
using System.Text.Json;
using StaticDhcpd.Node.Cli;

namespace StaticDhcpd.Node.Ctl;

/// <summary>`ctl scan &lt;pool&gt; [--wait]` and `ctl scan status [pool]`: the pools' ARP scans.</summary>
public static class ScanCommands
{
    /// <summary>How often --wait asks how the scan stands.</summary>
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    public static Command Build(CtlGlobals g)
    {
        var pool = new Argument<string>("pool") { Description = "The pool to scan" };
        var wait = new Option<bool>("--wait", "-w") { Description = "Follow the scan until it is no longer running" };
        // Not --timeout: that is every request's own limit, taken by every verb.
        var maxWait = new Option<int>("--max-wait")
        {
            Description = "With --wait, give up after this many seconds (exit 1)",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 600,
        };
        var scan = new Command("scan", """
            Scan a pool's ranges by ARP now (on the node hosting the pool); each answer becomes the answering MAC's lease.
            Prints how the scan stands; exit 1 with the node's note when the pool cannot be scanned there.
            """) { pool, wait, maxWait };
        scan.Verb(g, (pr, c, ct) => pr.GetValue(maxWait) <= 0
            ? CommandLine.UsageError(pr, "--max-wait must be a positive number of seconds", scan)
            : Start(c, pr.GetValue(pool)!, pr.GetValue(wait), pr.GetValue(maxWait), ct));

        var only = new Argument<string?>("pool") { Description = "Only this pool", Arity = ArgumentArity.ZeroOrOne };
        var status = new Command("status", "How the last or current scan of every pool (or only <pool>) stands") { only };
        status.Verb(g, (pr, c, ct) => pr.GetValue(only) is { } p
            ? c.Get($"api/v1/pools/{CtlInvocation.Segment(p)}/scan", RenderStatus, ct)
            : c.Get("api/v1/scans", RenderStatus, ct));
        scan.Subcommands.Add(status);
        return scan;
    }

    private static async Task<int> Start(CtlInvocation c, string pool, bool wait, int maxWait, CancellationToken ct)
    {
        var path = $"api/v1/pools/{CtlInvocation.Segment(pool)}/scan";
        var response = await c.Client.SendAsync(HttpMethod.Post, path, null, ct);
        if (!response.Ok) return await c.Fail(response);
        var (body, scan) = (response.Body, Parse(response.Body));
        if (!c.Json) await c.Out.WriteLineAsync(Line(scan));
        if (wait)
        {
            var until = DateTimeOffset.UtcNow.AddSeconds(maxWait);
            var shown = scan.Str("probed");
            while (scan.Str("state") == "running")
            {
                if (DateTimeOffset.UtcNow >= until)
                {
                    if (c.Json) await c.Out.WriteLineAsync(body.TrimEnd());
                    await c.Err.WriteLineAsync(
                        $"staticdhcpd ctl: the scan of {pool} is still running after {maxWait} s (--max-wait)");
                    return ExitCodes.Failure;
                }
                await Task.Delay(PollEvery, ct);
                response = await c.Client.SendAsync(HttpMethod.Get, path, null, ct);
                if (!response.Ok) return await c.Fail(response);
                (body, scan) = (response.Body, Parse(response.Body));
                // A line when the scan moved on (or ended), not one every half second.
                if (c.Json || (scan.Str("probed") == shown && scan.Str("state") == "running")) continue;
                shown = scan.Str("probed");
                await c.Out.WriteLineAsync(Line(scan));
            }
        }
        if (c.Json) await c.Out.WriteLineAsync(body.TrimEnd());
        return ExitCodes.Ok;
    }

    private static JsonElement Parse(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>`guests: running, 120/241 probed (49%), 3 answered, on eth0`, and when it started and ended.</summary>
    public static string Line(JsonElement s)
    {
        var parts = new List<string> { $"{s.Str("pool")}: {s.Str("state")}" };
        if (s.Str("state") != "unavailable")
        {
            parts.Add($"{s.Long("probed")}/{s.Long("total")} probed ({s.Long("percent")}%)");
            parts.Add($"{s.Long("answered")} answered");
        }
        if (s.Str("interface") is { Length: > 0 } i) parts.Add($"on {i}");
        if (s.Str("startedAt") is { Length: > 0 } from) parts.Add($"started {from}");
        if (s.Str("finishedAt") is { Length: > 0 } to) parts.Add($"ended {to}");
        if (s.Str("note") is { Length: > 0 } note) parts.Add(note);
        return string.Join(", ", parts);
    }

    /// <summary>One row a pool, from /api/v1/scans (an array) or one pool's scan (an object).</summary>
    public static void RenderStatus(JsonElement e, TextWriter w)
    {
        var t = new Table("POOL", "STATE", "PROBED", "ANSWERED", "INTERFACE", "NOTE");
        foreach (var s in e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().ToList() : [e])
            t.Add(s.Str("pool"), s.Str("state"), $"{s.Long("probed")}/{s.Long("total")}", s.Field("answered"), s.Str("interface"),
                s.Str("note"));
        t.Write(w);
    }
}
