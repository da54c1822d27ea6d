namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// Lab tests need root and Debian's DHCP tools. When either is missing they fail with a message that says
/// what to do: a skipped lab test would hide that the integration suite never ran.
/// </summary>
public static class LabRequirements
{
    public static void EnsureRoot()
    {
        if (Native.GetEffectiveUserId() != 0)
            throw new InvalidOperationException(
                "Lab tests create network namespaces and must run as root (sudo ./test.sh, or as CI does via .ci/run).");
    }

    /// <summary>Fails when a program is not on PATH; names the Debian package that brings it.</summary>
    public static void EnsureTools(params string[] programs)
    {
        foreach (var program in programs)
            if (Which(program) is null)
                throw new InvalidOperationException(
                    $"Lab tests need '{program}' (Debian package {PackageOf(program)}); .ci/run installs it.");
    }

    public static string? Which(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':').Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string PackageOf(string program) => program switch
    {
        "dhclient" => "isc-dhcp-client",
        "udhcpc" => "udhcpc",
        "dhcpcd" => "dhcpcd-base",
        "dhcrelay" => "isc-dhcp-relay",
        "kea-dhcp4" => "kea-dhcp4-server",
        "tcpdump" => "tcpdump",
        "ip" => "iproute2",
        _ => "?",
    };
}
