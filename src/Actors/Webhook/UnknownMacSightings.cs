using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Webhook;

/// <summary>
/// Which unknown-MAC sightings are news: the request handler reports every packet of an unknown client (its DISCOVER,
/// its REQUEST, each retransmission), and the operator is to hear of a MAC once per window (staticDHCPd's
/// unauthorized-client-timeout). The webhook and the event stream both ask this rule. A zero window lets everything
/// through.
/// </summary>
public sealed class UnknownMacSightings(TimeSpan window)
{
    // When each MAC was last let through (the publisher's time).
    private readonly Dictionary<MacAddress, DateTimeOffset> _last = [];

    public TimeSpan Window => window;

    /// <summary>True (and remembered) when <paramref name="mac"/> was not let through within the window before <paramref name="at"/>.</summary>
    public bool IsNews(MacAddress mac, DateTimeOffset at)
    {
        if (window <= TimeSpan.Zero) return true;
        if (_last.TryGetValue(mac, out var last) && at - last < window) return false;
        _last[mac] = at;
        return true;
    }

    /// <summary>A sighting let through that never reached anyone must not silence the MAC's next one.</summary>
    public void Forget(MacAddress mac) => _last.Remove(mac);

    /// <summary>Drops what the window has passed, so the table holds at most a window's worth of MACs.</summary>
    public void Prune(DateTimeOffset now)
    {
        foreach (var (mac, at) in _last)
            if (now - at >= window) _last.Remove(mac);
    }

    public int Count => _last.Count;
}
