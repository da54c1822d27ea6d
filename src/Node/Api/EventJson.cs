using System.Text.Json;
using StaticDhcpd.Messages.Events;
using StaticDhcpd.Messages.Webhook;

namespace StaticDhcpd.Node.Api;

/// <summary>The SSE form of a management event: its <c>event:</c> name and its <c>data:</c> object (camelCase, times
/// in UTC, durations in seconds). Written from explicit shapes so a renamed C# property does not change the stream.</summary>
public static class EventJson
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>The event name and data, or null for an event this build does not show.</summary>
    public static (string Name, string Data)? Format(IManagementEvent e)
    {
        (string, object)? shaped = e switch
        {
            LeaseGrantedNotice g => ("lease-granted", new
            {
                time = g.Time.UtcDateTime, mac = g.Mac.ToString(), clientId = LeaseKey.ClientIdOf(g.ClientKey), pool = g.Pool,
                address = g.Address.ToString(), leaseTime = (long)g.LeaseTime.TotalSeconds, expires = g.ExpiresAt.UtcDateTime,
            }),
            LeaseReleasedNotice r => ("lease-released", new
            {
                time = r.Time.UtcDateTime, mac = r.Mac.ToString(), clientId = LeaseKey.ClientIdOf(r.ClientKey), pool = r.Pool,
                address = r.Address.ToString(),
            }),
            LeaseExpiredNotice x => ("lease-expired", new
            {
                time = x.Time.UtcDateTime, mac = x.Mac.ToString(), clientId = LeaseKey.ClientIdOf(x.ClientKey), pool = x.Pool,
                address = x.Address.ToString(), expired = x.ExpiredAt.UtcDateTime,
            }),
            LeaseDeclinedNotice d => ("lease-declined", new
            {
                time = d.Time.UtcDateTime, mac = d.Mac.ToString(), clientId = LeaseKey.ClientIdOf(d.ClientKey), pool = d.Pool,
                address = d.Address.ToString(), probationUntil = d.ProbationUntil.UtcDateTime,
            }),
            UnknownMacSeen u => ("unknown-mac", new
            {
                time = u.Time.UtcDateTime, mac = u.Mac.ToString(), @interface = u.Interface, relay = u.Relay?.ToString(),
                pool = u.Pool, hostname = u.Hostname,
            }),
            MemberJoinedNotice j => ("member-joined", new { time = j.Time.UtcDateTime, node = j.Node, roles = j.Roles }),
            MemberLeftNotice l => ("member-left", new { time = l.Time.UtcDateTime, node = l.Node, previousStatus = l.PreviousStatus }),
            _ => null,
        };
        return shaped is var (name, data) ? (name, JsonSerializer.Serialize(data, Web)) : null;
    }
}
