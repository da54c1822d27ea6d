namespace StaticDhcpd.Actors.Pools;

public sealed record LeaseEntityOptions
{
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    /// <summary>A request the pool has not answered after this long is forgotten (the handler has long timed out).</summary>
    public TimeSpan PendingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static readonly LeaseEntityOptions Default = new();
}
