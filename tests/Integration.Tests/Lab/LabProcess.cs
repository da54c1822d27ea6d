using System.Diagnostics;
using System.Text;

namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// A program running inside a network namespace (<c>ip netns exec NS setsid PROGRAM ARGS…</c>).
/// <c>ip netns exec</c> and <c>setsid</c> both exec in place, so <see cref="Pid"/> is the program itself and it
/// leads its own process group: <see cref="Kill"/> reaches its children too (daemons that call setsid(2)
/// themselves escape the group; <see cref="NetnsLab"/> kills those through <c>ip netns pids</c>).
/// Output is kept in memory. Every wait takes a timeout.
/// </summary>
public sealed class LabProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();

    private LabProcess(string? netns, string program, IReadOnlyList<string> args, Process process)
    {
        Netns = netns;
        CommandLine = string.Join(' ', new[] { program }.Concat(args));
        _process = process;
    }

    /// <summary>The namespace it runs in (null: the test's own namespace).</summary>
    public string? Netns { get; }
    public string CommandLine { get; }
    public int Pid { get; private set; }

    public string StandardOutput { get { lock (_gate) return _stdout.ToString(); } }
    public string StandardError { get { lock (_gate) return _stderr.ToString(); } }
    /// <summary>Both streams, for failure messages.</summary>
    public string Output => $"$ {CommandLine}\n{StandardOutput}{StandardError}";

    public bool HasExited => _process.HasExited;
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts <paramref name="program"/> in <paramref name="netns"/> (or in the test's namespace when null).</summary>
    public static LabProcess Start(string? netns, string program, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var argList = args.ToList();
        var psi = new ProcessStartInfo
        {
            FileName = netns is null ? "setsid" : "ip",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // a closed stdin: nothing waits on the test's terminal
            UseShellExecute = false,
        };
        if (netns is not null) foreach (var a in new[] { "netns", "exec", netns }) psi.ArgumentList.Add(a);
        if (netns is not null) psi.ArgumentList.Add("setsid");
        psi.ArgumentList.Add(program);
        foreach (var a in argList) psi.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) psi.Environment[k] = v;

        var process = new Process { StartInfo = psi };
        var lab = new LabProcess(netns, program, argList, process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lab._gate) lab._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lab._gate) lab._stderr.AppendLine(e.Data); };
        process.Start();
        lab.Pid = process.Id;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return lab;
    }

    /// <summary>
    /// True once the program has exited (within <paramref name="timeout"/>). Does not wait for the end of
    /// its output streams beyond a short grace: a daemon child may hold them open for ever.
    /// </summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_process.HasExited)
        {
            if (DateTime.UtcNow >= deadline) return false;
            await Task.Delay(25);
        }
        // Let the reader threads deliver the last lines (bounded).
        using var grace = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        try { await _process.WaitForExitAsync(grace.Token); } catch (OperationCanceledException) { }
        return true;
    }

    /// <summary>Waits until <paramref name="text"/> appears on stdout or stderr; false on timeout or exit without it.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (StandardOutput.Contains(text, StringComparison.Ordinal) || StandardError.Contains(text, StringComparison.Ordinal))
                return true;
            if (_process.HasExited)
            {
                await WaitForExitAsync(TimeSpan.Zero);
                return StandardOutput.Contains(text, StringComparison.Ordinal) || StandardError.Contains(text, StringComparison.Ordinal);
            }
            await Task.Delay(25);
        }
        return false;
    }

    /// <summary>Sends a signal to the program only (e.g. SIGUSR1 for udhcpc's renew).</summary>
    public bool Signal(int signal) => !_process.HasExited && Native.Kill(Pid, signal);

    /// <summary>SIGTERM, then SIGKILL to the whole process group if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        Native.Kill(Pid, Native.SigTerm);
        if (!await WaitForExitAsync(grace)) Kill();
    }

    /// <summary>SIGKILL to the process group it leads, and waits (bounded) for it to be reaped.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            Native.KillGroup(Pid, Native.SigKill);
            Native.Kill(Pid, Native.SigKill);
        }
        _process.WaitForExit(5000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>Runs a short command to completion; throws with its output when it fails or overruns.</summary>
    public static async Task<string> RunAsync(string? netns, string program, IEnumerable<string> args, TimeSpan timeout,
        bool check = true)
    {
        using var p = Start(netns, program, args);
        if (!await p.WaitForExitAsync(timeout))
            throw new TimeoutException($"{p.CommandLine} did not finish within {timeout.TotalSeconds:0.#} s\n{p.Output}");
        if (check && p.ExitCode != 0)
            throw new InvalidOperationException($"{p.CommandLine} exited {p.ExitCode}\n{p.Output}");
        return p.StandardOutput;
    }

    /// <summary>Synchronous <see cref="RunAsync"/> for set-up and tear-down.</summary>
    public static string Run(string? netns, string program, IEnumerable<string> args, TimeSpan timeout, bool check = true) =>
        RunAsync(netns, program, args, timeout, check).GetAwaiter().GetResult();
}
