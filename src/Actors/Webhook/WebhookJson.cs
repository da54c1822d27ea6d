using System.Globalization;
using System.Text.Json;
using StaticDhcpd.Messages.Webhook;

namespace StaticDhcpd.Actors.Webhook;

/// <summary>
/// The documents the endpoint receives. Written field by field rather than by reflection so that renaming a C#
/// property never changes what an operator's script parses. Times are UTC ISO-8601 with milliseconds; absent
/// values are JSON null, never missing keys.
/// </summary>
public static class WebhookJson
{
    public const string ContentType = "application/json";

    /// <summary>Which configured event a notice is; null for a notice type this build does not know.</summary>
    public static WebhookEvent? KindOf(IWebhookNotice notice) => notice switch
    {
        UnknownMacSeen => WebhookEvent.UnknownMac,
        LeaseGrantedNotice => WebhookEvent.LeaseGranted,
        LeaseReleasedNotice => WebhookEvent.LeaseReleased,
        LeaseExpiredNotice => WebhookEvent.LeaseExpired,
        _ => null,
    };

    public static string NameOf(WebhookEvent kind) => WebhookSettings.EventNames.First(p => p.Value == kind).Key;

    /// <param name="id">Stays the same across retries, so a receiver can discard a duplicate after a timed-out attempt
    /// that did arrive.</param>
    public static byte[] Serialize(IWebhookNotice notice, Guid id)
    {
        var kind = KindOf(notice) ?? throw new ArgumentException($"not a webhook notice: {notice.GetType().Name}");
        using var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event", NameOf(kind));
            w.WriteString("id", id.ToString("D"));
            w.WriteString("time", Time(notice.Time));
            switch (notice)
            {
                case UnknownMacSeen u:
                    w.WriteString("mac", u.Mac.ToString());
                    w.WriteString("interface", u.Interface);
                    w.WriteString("relay", u.Relay?.ToString());
                    w.WriteString("pool", u.Pool);
                    w.WriteString("hostname", u.Hostname);
                    break;
                case LeaseGrantedNotice g:
                    Lease(w, g.Mac.ToString(), g.ClientKey, g.Pool, g.Address.ToString());
                    w.WriteNumber("lease_seconds", (long)g.LeaseTime.TotalSeconds);
                    w.WriteString("expires", Time(g.ExpiresAt));
                    break;
                case LeaseReleasedNotice r:
                    Lease(w, r.Mac.ToString(), r.ClientKey, r.Pool, r.Address.ToString());
                    break;
                case LeaseExpiredNotice x:
                    Lease(w, x.Mac.ToString(), x.ClientKey, x.Pool, x.Address.ToString());
                    w.WriteString("expired", Time(x.ExpiredAt));
                    break;
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void Lease(Utf8JsonWriter w, string mac, string clientKey, string pool, string address)
    {
        w.WriteString("mac", mac);
        w.WriteString("client_key", clientKey);
        w.WriteString("pool", pool);
        w.WriteString("address", address);
    }

    private static string Time(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
