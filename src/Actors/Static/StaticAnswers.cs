using System.Collections.Concurrent;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Static;

namespace StaticDhcpd.Actors.Static;

/// <summary>
/// The static directory's cached answers — a definition, or null for a MAC the source does not know — readable from
/// any thread, so the request handler answers a cached client without a round trip through the directory's mailbox
/// (two actor messages per packet). Only the <see cref="StaticDirectory"/> writes; a lookup it has not cached goes to
/// it as a <c>StaticLookup</c>.
/// </summary>
public sealed class StaticAnswers
{
    private readonly ConcurrentDictionary<MacAddress, StaticDefinition?> _answers = new();
    private long _lookups, _hits, _missHits;

    /// <summary>True with the cached answer (counted as a lookup and a hit); false when the directory must be asked.</summary>
    public bool TryAnswer(MacAddress mac, out StaticDefinition? definition)
    {
        if (!_answers.TryGetValue(mac, out definition)) return false;
        Interlocked.Increment(ref _lookups);
        if (definition is null) Interlocked.Increment(ref _missHits);
        else Interlocked.Increment(ref _hits);
        return true;
    }

    /// <summary>Lookups answered from the cache.</summary>
    public long Lookups => Interlocked.Read(ref _lookups);
    public long Hits => Interlocked.Read(ref _hits);
    public long MissHits => Interlocked.Read(ref _missHits);

    internal bool TryAdd(MacAddress mac, StaticDefinition? definition) => _answers.TryAdd(mac, definition);

    internal void Remove(MacAddress mac) => _answers.TryRemove(mac, out _);

    internal void Clear() => _answers.Clear();
}
