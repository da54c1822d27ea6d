using System.CommandLine;
using System.Text.Json;
using StaticDhcpd.Node.Cli;

namespace StaticDhcpd.Node.Ctl;

/// <summary>
/// One ctl verb's run: the client, the output mode and the mapping of the node's answers to exit codes
/// (<see cref="ExitCodes"/>). With --json the node's body goes to stdout as it came; without, a renderer draws it.
/// </summary>
public sealed class CtlInvocation(CtlClient client, bool json, TextWriter stdout, TextWriter stderr)
{
    public CtlClient Client => client;
    public bool Json => json;
    public TextWriter Out => stdout;
    public TextWriter Err => stderr;

    public Task<int> Get(string path, Action<JsonElement, TextWriter> render, CancellationToken ct) =>
        Send(HttpMethod.Get, path, null, render, ct);

    public async Task<int> Send(HttpMethod method, string path, object? body, Action<JsonElement, TextWriter> render, CancellationToken ct)
    {
        var response = await client.SendAsync(method, path, body, ct);
        if (!response.Ok) return await Fail(response);
        if (json)
        {
            await stdout.WriteLineAsync(response.Body.TrimEnd());
            return ExitCodes.Ok;
        }
        JsonElement parsed;
        try
        {
            parsed = response.Body.Length == 0 ? default : JsonDocument.Parse(response.Body).RootElement;
        }
        catch (JsonException e)
        {
            await stderr.WriteLineAsync($"staticdhcpd ctl: {method} {path}: the node's answer is not JSON: {e.Message}");
            return ExitCodes.Failure;
        }
        render(parsed, stdout);
        return ExitCodes.Ok;
    }

    /// <summary>Names the node's error (`code: message`) and maps its status to an exit code.</summary>
    public async Task<int> Fail(CtlResponse response)
    {
        var (code, message) = ErrorOf(response);
        await stderr.WriteLineAsync($"staticdhcpd ctl: {code}: {message} (HTTP {response.Status})");
        if (json && response.Body.Length > 0) await stdout.WriteLineAsync(response.Body.TrimEnd());
        return ExitCodeOf(response.Status);
    }

    public static int ExitCodeOf(int status) => status switch
    {
        >= 200 and < 300 => ExitCodes.Ok,
        400 => ExitCodes.Usage,
        503 or 504 => ExitCodes.Unreachable,
        _ => ExitCodes.Failure,
    };

    /// <summary>The contract's `{"error":{"code","message"}}`, or the status and body when the node sent something else.</summary>
    public static (string Code, string Message) ErrorOf(CtlResponse response)
    {
        try
        {
            var root = JsonDocument.Parse(response.Body).RootElement;
            var error = root.Field("error");
            if (error.ValueKind == JsonValueKind.Object) return (error.Str("code"), error.Str("message"));
        }
        catch (JsonException)
        {
        }
        var text = response.Body.Trim();
        return ($"http-{response.Status}", text.Length == 0 ? "no body" : text.Length > 200 ? text[..200] : text);
    }

    public static string Segment(string value) => Uri.EscapeDataString(value);
}
