namespace StaticDhcpd.Messages.Webhook;

/// <summary>Ask the node's webhook notifier for its counters. Answered with <see cref="WebhookStatus"/>.</summary>
public sealed record GetWebhookStatus;

/// <param name="Sent">Notices the endpoint accepted (2xx).</param>
/// <param name="Failed">Notices given up on: retries exhausted, or a reply that retrying cannot fix (4xx).</param>
/// <param name="Dropped">Notices pushed out of the full queue, oldest first.</param>
/// <param name="Suppressed">Unknown-MAC notices not sent because the same MAC was notified within the window.</param>
/// <param name="Retries">Attempts after the first, over all notices.</param>
/// <param name="Queued">Notices waiting now.</param>
/// <param name="InFlight">Notices being delivered now (an attempt running or waiting out its backoff).</param>
/// <param name="RememberedMacs">Unknown MACs notified within the window (the deduplication memory).</param>
public sealed record WebhookStatus(
    string Url,
    long Sent,
    long Failed,
    long Dropped,
    long Suppressed,
    long Retries,
    int Queued,
    int InFlight,
    int RememberedMacs,
    string? LastError,
    DateTimeOffset? LastFailureUtc);
