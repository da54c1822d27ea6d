using System.CommandLine;
using System.Text;
using System.Text.Json;
using StaticDhcpd.Node.Cli;

namespace StaticDhcpd.Node.Ctl;

/// <summary>`ctl events tail`: the cluster's live events (Server-Sent Events on /api/v1/events), one line each.</summary>
public static class EventsCommand
{
    public static Command Build(CtlGlobals g)
    {
        var count = new Option<int>("--count", "-n") { Description = "Stop after N events (default: until Ctrl-C)", HelpName = "N" };
        var seconds = new Option<int>("--for") { Description = "Stop after this many seconds", HelpName = "SECONDS" };
        var tail = new Command("tail", """
            Print events as they happen: lease granted, released, expired, declined, unknown MAC, member joined or left.
            With --json one object a line: {"event":"lease-granted","data":{...the node's data...}}.
            """) { count, seconds };
        tail.Verb(g, (pr, c, ct) => Tail(c, pr.GetValue(count), pr.GetValue(seconds), ct));
        return CtlCommand.Noun("events", "The cluster's live events", tail);
    }

    private static async Task<int> Tail(CtlInvocation c, int count, int seconds, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (seconds > 0) stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        using var response = await c.Client.OpenStreamAsync("api/v1/events", stop.Token);
        if (!response.IsSuccessStatusCode)
            return await c.Fail(new CtlResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct), null));
        // The node answers only once its subscription is in place: from here on no event is missed.
        await c.Err.WriteLineAsync($"staticdhcpd ctl: following the events of {c.Client.Endpoint} (Ctrl-C stops)");
        var seen = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(stop.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var parser = new SseParser();
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                if (parser.Feed(line) is not { } ev) continue;
                await c.Out.WriteLineAsync(c.Json ? JsonLine(ev) : Line(ev));
                await c.Out.FlushAsync(stop.Token);
                if (count > 0 && ++seen >= count) return ExitCodes.Ok;
            }
            await c.Err.WriteLineAsync("staticdhcpd ctl: the node closed the event stream");
            return ExitCodes.Unreachable;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Ok;   // --for elapsed or Ctrl-C: asked for
        }
        catch (IOException e)
        {
            await c.Err.WriteLineAsync($"staticdhcpd ctl: unreachable: the event stream broke: {e.Message}");
            return ExitCodes.Unreachable;
        }
    }

    /// <summary>`{"event":…,"data":…}`, the node's data object as it sent it.</summary>
    public static string JsonLine(SseEvent ev)
    {
        var data = ev.Data.Trim();
        try
        {
            using var _ = JsonDocument.Parse(data);
        }
        catch (JsonException)
        {
            data = JsonSerializer.Serialize(data);
        }
        return $"{{\"event\":{JsonSerializer.Serialize(ev.Name)},\"data\":{data}}}";
    }

    /// <summary>`time  event  key=value …` for people.</summary>
    public static string Line(SseEvent ev)
    {
        try
        {
            using var doc = JsonDocument.Parse(ev.Data);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return $"{ev.Name}  {ev.Data}";
            var fields = root.EnumerateObject().Where(p => p.Name != "time").Select(p => $"{p.Name}={Table.Text(p.Value)}");
            return $"{root.Str("time")}  {ev.Name,-15} {string.Join(" ", fields)}".TrimEnd();
        }
        catch (JsonException)
        {
            return $"{ev.Name}  {ev.Data}";
        }
    }
}

public sealed record SseEvent(string Name, string Data);

/// <summary>The text/event-stream framing: `event:` and `data:` lines up to a blank line; `:` lines are comments.</summary>
public sealed class SseParser
{
    private string _name = "message";
    private readonly StringBuilder _data = new();

    /// <summary>Takes one line; returns the event a blank line completes, else null.</summary>
    public SseEvent? Feed(string line)
    {
        if (line.Length == 0)
        {
            if (_data.Length == 0) { _name = "message"; return null; }
            var ev = new SseEvent(_name, _data.ToString().TrimEnd('\n'));
            _name = "message";
            _data.Clear();
            return ev;
        }
        if (line[0] == ':') return null;
        var colon = line.IndexOf(':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? "" : line[(colon + 1)..];
        if (value.StartsWith(' ')) value = value[1..];
        switch (field)
        {
            case "event": _name = value; break;
            case "data": _data.Append(value).Append('\n'); break;
        }
        return null;
    }
}
