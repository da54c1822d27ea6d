namespace StaticDhcpd.Actors.Webhook;

/// <summary>What the webhook is told about (<c>staticdhcpd.webhook.events</c>).</summary>
public enum WebhookEvent { UnknownMac, LeaseGranted, LeaseReleased, LeaseExpired }

/// <summary><c>staticdhcpd.webhook</c>: a JSON POST per event, for the "register your machine" flow.</summary>
public sealed record WebhookSettings
{
    /// <summary>Null: no webhook.</summary>
    public Uri? Url { get; init; }
    public IReadOnlySet<WebhookEvent> Events { get; init; } = new HashSet<WebhookEvent> { WebhookEvent.UnknownMac };
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public bool Enabled => Url is not null;

    /// <summary>The HOCON spelling of each event.</summary>
    public static readonly IReadOnlyDictionary<string, WebhookEvent> EventNames = new Dictionary<string, WebhookEvent>
    {
        ["unknown-mac"] = WebhookEvent.UnknownMac,
        ["lease-granted"] = WebhookEvent.LeaseGranted,
        ["lease-released"] = WebhookEvent.LeaseReleased,
        ["lease-expired"] = WebhookEvent.LeaseExpired,
    };
}
