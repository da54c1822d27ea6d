using System.Runtime.InteropServices;

namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>The few libc calls the lab needs: signals by pid (and by process group) and the effective uid.</summary>
internal static class Native
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigUsr1 = 10;
    public const int SigUsr2 = 12;

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SysKill(int pid, int sig);

    [DllImport("libc", EntryPoint = "geteuid")]
    public static extern uint GetEffectiveUserId();

    /// <summary>Sends <paramref name="signal"/>; false when the process no longer exists.</summary>
    public static bool Kill(int pid, int signal) => pid > 0 && SysKill(pid, signal) == 0;

    /// <summary>Signals the whole process group led by <paramref name="leader"/>.</summary>
    public static bool KillGroup(int leader, int signal) => leader > 0 && SysKill(-leader, signal) == 0;

    /// <summary>File.SetUnixFileMode behind the platform guard the analyzer wants (the lab is Linux-only anyway).</summary>
    public static void Chmod(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
    }

    public static bool IsAlive(int pid) => pid > 0 && Directory.Exists($"/proc/{pid}");
}
