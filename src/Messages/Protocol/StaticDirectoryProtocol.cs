using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Static;

namespace StaticDhcpd.Messages.Protocol;

/// <summary>Ask the node's StaticDirectory for the definition of a MAC. <paramref name="Token"/> comes back unchanged.</summary>
public sealed record StaticLookup(MacAddress Mac, object Token);

/// <summary>
/// The answer to <see cref="StaticLookup"/>. <c>Definition == null &amp;&amp; !SourceFailed</c>: the MAC is unknown.
/// <c>SourceFailed</c>: the database could not be asked and the cache had no entry; the client must not be
/// treated as unknown (no blocklist, no NAK).
/// </summary>
public sealed record StaticLookupResult(MacAddress Mac, StaticDefinition? Definition, bool SourceFailed, object Token);

/// <summary>Drop every cached definition and every cached "unknown" (SIGHUP, later the API); an INI source is re-read.</summary>
public sealed record FlushStaticCache;

public sealed record StaticCacheFlushed(int EntriesDropped);

public sealed record GetStaticDirectoryStatus;

/// <summary><c>CachedEntries</c>/<c>CacheHits</c>: definitions cached and lookups answered with one from the cache;
/// <c>CachedMisses</c>/<c>MissHits</c>: the same for MACs the source does not know.</summary>

public sealed record StaticDirectoryStatus(
    string Provider,
    bool SourceReachable,
    string? LastError,
    DateTimeOffset? LastFailureUtc,
    int CachedEntries,
    long Lookups,
    long CacheHits,
    long SourceFailures,
    int CachedMisses,
    long MissHits);
