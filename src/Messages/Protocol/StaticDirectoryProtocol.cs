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

/// <summary>Drop every cached definition (SIGHUP, later the API); an INI source is re-read.</summary>
public sealed record FlushStaticCache;

public sealed record StaticCacheFlushed(int EntriesDropped);

public sealed record GetStaticDirectoryStatus;

public sealed record StaticDirectoryStatus(
    string Provider,
    bool SourceReachable,
    string? LastError,
    DateTimeOffset? LastFailureUtc,
    int CachedEntries,
    long Lookups,
    long CacheHits,
    long SourceFailures);
