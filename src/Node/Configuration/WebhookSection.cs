using StaticDhcpd.Actors.Webhook;

namespace StaticDhcpd.Node.Configuration;

/// <summary>Reads <c>staticdhcpd.webhook</c>.</summary>
internal static class WebhookSection
{
    public static WebhookSettings Read(HoconSection parent)
    {
        var s = parent.Section("webhook", "url", "events", "timeout");
        var urlText = s.String("url").Trim();
        Uri? url = null;
        if (urlText.Length > 0
            && (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0))
            throw new ConfigurationException(s.KeyPath("url"), $"expected an absolute http:// or https:// URL (or \"\" for none), got '{urlText}'");

        var events = s.List("events", null, "event names", (path, name) =>
            WebhookSettings.EventNames.TryGetValue(name, out var e)
                ? e
                : throw new ConfigurationException(path,
                    $"expected one of {string.Join(", ", WebhookSettings.EventNames.Keys)}, got '{name}'"));

        return new WebhookSettings { Url = url, Events = events.ToHashSet(), Timeout = s.Duration("timeout", positive: true) };
    }
}
