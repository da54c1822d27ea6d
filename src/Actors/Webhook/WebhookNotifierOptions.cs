namespace StaticDhcpd.Actors.Webhook;

/// <summary>
/// How the notifier queues and retries. Not in HOCON (the config contract is url/events/timeout); the node sets
/// <see cref="UnknownMacWindow"/> from <c>dhcp.unauthorized-client-timeout</c>, tests shrink the delays.
/// </summary>
public sealed record WebhookNotifierOptions
{
    /// <summary>Notices waiting for a free slot. When full, the oldest is dropped (and counted): the newest
    /// notices are the ones an operator can still act on.</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>Notices delivered at once. A slot stays taken while its notice waits out a backoff, so a failing
    /// endpoint slows the notifier down instead of being hit harder.</summary>
    public int MaxInFlight { get; init; } = 2;

    /// <summary>Attempts after the first; the waits before them are FirstRetryDelay, ×2, ×4, …</summary>
    public int MaxRetries { get; init; } = 3;

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One unknown-mac notice per MAC per window (staticDHCPd ignores an unknown MAC for
    /// UNAUTHORIZED_CLIENT_TIMEOUT); zero sends every one.</summary>
    public TimeSpan UnknownMacWindow { get; init; } = TimeSpan.FromSeconds(60);

    public void Validate()
    {
        if (QueueCapacity < 1) throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "must be at least 1");
        if (MaxInFlight < 1) throw new ArgumentOutOfRangeException(nameof(MaxInFlight), MaxInFlight, "must be at least 1");
        if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "must not be negative");
        if (FirstRetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(FirstRetryDelay), FirstRetryDelay, "must not be negative");
        if (UnknownMacWindow < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(UnknownMacWindow), UnknownMacWindow, "must not be negative");
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan BackoffBefore(int retry) => FirstRetryDelay * Math.Pow(2, Math.Min(retry - 1, 16));
}
