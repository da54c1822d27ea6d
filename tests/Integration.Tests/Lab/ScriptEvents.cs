namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// The event files a client script writes: one file per event, <c>NNNN-EVENT</c>, each a sorted `env` dump
/// (KEY=VALUE lines), moved into place whole so a reader never sees half a file.
/// </summary>
internal sealed class ScriptEvents(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>The shell lines that record one event; <paramref name="eventExpr"/> is how the script names it.</summary>
    public string RecordLines(string eventExpr) =>
        $$"""
        export PATH=/usr/sbin:/usr/bin:/sbin:/bin
        d='{{Directory}}'
        n=$(ls "$d" | wc -l)
        f="$d/$(printf %04d "$n")-{{eventExpr}}"
        lab_event="{{eventExpr}}" env | sort > "$d.tmp" && mv "$d.tmp" "$f"
        """;

    public IReadOnlyList<IReadOnlyDictionary<string, string>> ReadAll()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return System.IO.Directory.GetFiles(Directory).Order(StringComparer.Ordinal).Select(Parse).ToList();
    }

    private static IReadOnlyDictionary<string, string> Parse(string file)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(file))
        {
            var eq = line.IndexOf('=');
            if (eq > 0) vars[line[..eq]] = line[(eq + 1)..];
        }
        return vars;
    }

    /// <summary>Waits for an event after the first <paramref name="seen"/> that matches; null on timeout.</summary>
    public async Task<(LeaseResult? Result, int Seen)> WaitAsync(int seen, Func<IReadOnlyDictionary<string, string>, LeaseResult> map,
        Func<LeaseResult, bool> match, TimeSpan timeout, Func<bool>? givenUp = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var all = ReadAll();
            for (; seen < all.Count; seen++)
            {
                var r = map(all[seen]);
                if (match(r)) return (r, seen + 1);
            }
            if (DateTime.UtcNow >= deadline || (givenUp?.Invoke() ?? false)) return (null, seen);
            await Task.Delay(50);
        }
    }

    public static string? Get(IReadOnlyDictionary<string, string> v, string key) =>
        v.TryGetValue(key, out var s) && s.Length > 0 ? s : null;

    public static IReadOnlyList<string> List(IReadOnlyDictionary<string, string> v, string key) =>
        Get(v, key)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    public static TimeSpan? Seconds(string? s) => uint.TryParse(s, out var n) ? TimeSpan.FromSeconds(n) : null;

    /// <summary>A 32-bit number exported as hex (busybox exports options it has no name for as optNN=hex).</summary>
    public static TimeSpan? HexSeconds(string? s) =>
        s is { Length: 8 } && uint.TryParse(s, System.Globalization.NumberStyles.HexNumber, null, out var n)
            ? TimeSpan.FromSeconds(n) : null;

    /// <summary>The dhclient/dhcpcd naming: reason and new_* variables.</summary>
    public static LeaseResult FromIscNames(IReadOnlyDictionary<string, string> v) => new(
        Get(v, "reason") ?? "?",
        Get(v, "new_ip_address"),
        Get(v, "new_subnet_mask"),
        List(v, "new_routers"),
        List(v, "new_domain_name_servers"),
        Get(v, "new_domain_name"),
        Get(v, "new_host_name"),
        Seconds(Get(v, "new_dhcp_lease_time")),
        Seconds(Get(v, "new_dhcp_renewal_time")),
        Seconds(Get(v, "new_dhcp_rebinding_time")),
        Get(v, "new_dhcp_server_identifier"),
        v);
}
