namespace StaticDhcpd.Actors.Clustering;

/// <summary>The current <see cref="BucketTable"/>, written by <see cref="BucketTableKeeper"/> and read by the request
/// handler on every packet without a message round trip.</summary>
public sealed class BucketTableHolder(BucketTable initial)
{
    private volatile BucketTable _current = initial;

    /// <summary>Starts <see cref="BucketTable.Empty"/>: a cluster node owns nothing until it is Up.</summary>
    public BucketTableHolder() : this(BucketTable.Empty)
    {
    }

    public BucketTable Current
    {
        get => _current;
        set => _current = value;
    }
}
