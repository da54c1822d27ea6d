using StaticDhcpd.Actors.Static;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Static;

namespace StaticDhcpd.Actors.Tests.Static;

/// <summary>Wraps a real source: counts lookups and can hold them at a gate until the test opens it.</summary>
public sealed class CountingSource(IStaticDefinitionSource inner) : IStaticDefinitionSource
{
    private int _lookups;
    private volatile TaskCompletionSource _gate = Open();

    public int Lookups => Volatile.Read(ref _lookups);
    public string Name => inner.Name;

    private static TaskCompletionSource Open()
    {
        var t = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        t.SetResult();
        return t;
    }

    public void CloseGate() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    public void OpenGate() => _gate.TrySetResult();

    public async Task<StaticDefinition?> LookupAsync(MacAddress mac, CancellationToken ct)
    {
        Interlocked.Increment(ref _lookups);
        await _gate.Task.WaitAsync(ct);
        return await inner.LookupAsync(mac, ct);
    }

    public Task ReloadAsync(CancellationToken ct) => inner.ReloadAsync(ct);
    public Task<string> ProbeAsync(CancellationToken ct) => inner.ProbeAsync(ct);
}
