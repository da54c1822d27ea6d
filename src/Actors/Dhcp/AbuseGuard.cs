using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Dhcp;

/// <summary>
/// staticDHCPd's per-MAC flood suspension and temporary blocklist. Each packet adds one to the MAC's
/// counter, which drains by one per second; passing suspend-threshold ignores the MAC for
/// misbehaving-client-timeout. A blocklist event (unknown or malformed client) ignores it for
/// unauthorized-client-timeout. Decay is computed lazily from timestamps instead of a 1 Hz tick.
/// Not thread-safe: owned by one actor.
/// </summary>
public sealed class AbuseGuard(DhcpSettings settings, Func<DateTime> utcNow)
{
    private sealed class Entry
    {
        public double Count;
        public DateTime CountedAt;
        public DateTime IgnoredUntil;
    }

    private readonly Dictionary<MacAddress, Entry> _entries = new();

    public int TrackedClients => _entries.Count;

    public enum Verdict { Allowed, Ignored, Suspended }

    /// <summary>Counts one packet from <paramref name="mac"/> and says whether it may be served.</summary>
    public Verdict Admit(MacAddress mac)
    {
        var now = utcNow();
        if (!_entries.TryGetValue(mac, out var e))
            _entries[mac] = e = new Entry { CountedAt = now };
        if (e.IgnoredUntil > now) return Verdict.Ignored;
        e.Count = Math.Max(0, e.Count - (now - e.CountedAt).TotalSeconds) + 1;
        e.CountedAt = now;
        if (settings.SuspendThreshold > 0 && e.Count > settings.SuspendThreshold)
        {
            e.IgnoredUntil = now + settings.MisbehavingClientTimeout;
            e.Count = 0;
            return Verdict.Suspended;
        }
        return Verdict.Allowed;
    }

    /// <summary>An unknown or malformed client: ignore it for unauthorized-client-timeout.</summary>
    public void Blocklist(MacAddress mac)
    {
        if (settings.UnauthorizedClientTimeout <= TimeSpan.Zero) return;
        var now = utcNow();
        if (!_entries.TryGetValue(mac, out var e)) _entries[mac] = e = new Entry { CountedAt = now };
        e.IgnoredUntil = now + settings.UnauthorizedClientTimeout;
    }

    /// <summary>After a cache flush a blocklisted MAC may have become known: forget every blocklist entry.</summary>
    public void ClearBlocklist() => _entries.Clear();

    /// <summary>Drops entries with nothing left to remember, so the table stays bounded by active clients.</summary>
    public void Prune()
    {
        var now = utcNow();
        List<MacAddress>? dead = null;
        foreach (var (mac, e) in _entries)
            if (e.IgnoredUntil <= now && e.Count - (now - e.CountedAt).TotalSeconds <= 0)
                (dead ??= []).Add(mac);
        if (dead is not null) foreach (var m in dead) _entries.Remove(m);
    }
}
