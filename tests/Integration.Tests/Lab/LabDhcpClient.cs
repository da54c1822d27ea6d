namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// What the three client drivers share: the client runs in the foreground in its namespace (a
/// <see cref="LabProcess"/> the lab kills on dispose), its script records every event, and a test waits
/// for the events a user would see.
/// </summary>
public abstract class LabDhcpClient
{
    private readonly ScriptEvents _events;
    private int _seen;

    protected LabDhcpClient(LabClient host, string name)
    {
        Host = host;
        Dir = Path.Combine(host.StateDir, name);
        Directory.CreateDirectory(Dir);
        _events = new ScriptEvents(Path.Combine(Dir, "events"));
        Directory.CreateDirectory(_events.Directory);
    }

    public LabClient Host { get; }
    /// <summary>This driver's directory (script, lease file, events), inside the lab's work directory.</summary>
    public string Dir { get; }
    /// <summary>The running client, if any.</summary>
    public LabProcess? Process { get; protected set; }

    /// <summary>Every event the client's script has reported so far, oldest first.</summary>
    public IReadOnlyList<LeaseResult> Events => _events.ReadAll().Select(Map).ToList();

    /// <summary>The lease the client last reported as bound (null when it has none or released it).</summary>
    public LeaseResult? Current => Events.LastOrDefault(e => IsBoundEvent(e) || IsLossEvent(e)) is { } last && IsBoundEvent(last)
        ? last : null;

    protected abstract LeaseResult Map(IReadOnlyDictionary<string, string> variables);
    protected abstract bool IsBoundEvent(LeaseResult e);
    protected abstract bool IsLossEvent(LeaseResult e);

    /// <summary>The shell lines that record an event into the events directory.</summary>
    internal string RecordLines(string eventExpr) => _events.RecordLines(eventExpr);

    protected string WriteScript(string name, string body)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\nexit 0\n");
        Native.Chmod(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>
    /// The next event not yet returned by a wait that satisfies <paramref name="match"/>; null when none comes
    /// within <paramref name="timeout"/> (or the client exits first and <paramref name="untilExit"/> is set).
    /// </summary>
    public async Task<LeaseResult?> WaitForEventAsync(Func<LeaseResult, bool> match, TimeSpan timeout, bool untilExit = true)
    {
        var p = Process;
        var (result, seen) = await _events.WaitAsync(_seen, Map, match, timeout,
            untilExit && p is not null ? () => p.HasExited : null);
        if (result is null && untilExit && p is not null && p.HasExited)
        {
            // The script may have run just before the exit: one last look.
            (result, seen) = await _events.WaitAsync(seen, Map, match, TimeSpan.Zero);
        }
        _seen = seen;
        return result;
    }

    /// <summary>Next bound-type event (BOUND, RENEW, REBIND, REBOOT / bound, renew).</summary>
    public Task<LeaseResult?> WaitForLeaseAsync(TimeSpan timeout) => WaitForEventAsync(IsBoundEvent, timeout);

    /// <summary>SIGTERM, then SIGKILL if it has not gone within 3 s.</summary>
    public async Task StopAsync()
    {
        if (Process is { } p) await p.StopAsync(TimeSpan.FromSeconds(3));
    }

    protected static string Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds)).ToString();
}
