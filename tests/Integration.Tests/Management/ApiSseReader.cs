using System.Text.Json;
using System.Threading.Channels;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>Reads an SSE response on a background task into a queue, so a test can wait for the next event with a
/// timeout without cancelling a read of the HTTP stream (which would abort the connection).</summary>
internal sealed class ApiSseReader : IDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();

    public ApiSseReader(Stream stream) => _ = Task.Run(async () =>
    {
        using var reader = new StreamReader(stream);
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
                if (line != "") _lines.Writer.TryWrite(line);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // the stream ended or the test is done
        }
        _lines.Writer.TryComplete();
    });

    public async Task<string?> LineAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try { return await _lines.Reader.ReadAsync(cts.Token); }
        catch (OperationCanceledException) { return null; }
        catch (ChannelClosedException) { return null; }
    }

    /// <summary>The next event (not <paramref name="skip"/>) within <paramref name="within"/>, or null.</summary>
    public async Task<(string Name, JsonElement Data)?> EventAsync(TimeSpan within, string? skip = null)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            var line = await LineAsync(until - DateTime.UtcNow);
            if (line is null) return null;
            if (!line.StartsWith("event: ", StringComparison.Ordinal)) continue;
            var data = await LineAsync(TimeSpan.FromSeconds(5));
            if (data is null || line["event: ".Length..] == skip) continue;
            return (line["event: ".Length..], JsonDocument.Parse(data["data: ".Length..]).RootElement);
        }
        return null;
    }

    public void Dispose() => _stop.Cancel();
}
