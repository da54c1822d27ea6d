namespace StaticDhcpd.Actors.Static;

/// <summary>Maps that are listed but not edited here (an INI file, provider none): searched and paged in memory.</summary>
public class ReadOnlyMapStore(Func<IReadOnlyList<StaticMap>> read) : IStaticMapStore
{
    public bool CanWrite => false;

    public Task<StaticMapPage> ListAsync(string? search, int offset, int limit, CancellationToken ct)
    {
        var s = (search ?? "").Trim();
        var matching = read()
            .Where(m => s.Length == 0 || m.Mac.Contains(s, StringComparison.OrdinalIgnoreCase)
                        || m.Ip.Contains(s, StringComparison.OrdinalIgnoreCase)
                        || (m.Hostname?.Contains(s, StringComparison.OrdinalIgnoreCase) ?? false))
            .OrderBy(m => m.Mac, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(new StaticMapPage(matching.Count, matching.Skip(offset).Take(limit).ToList()));
    }

    public Task<StaticMapWrite> AddAsync(StaticMap map, CancellationToken ct) =>
        throw new InvalidOperationException("this static provider is read-only");

    public Task<bool> RemoveAsync(string mac, CancellationToken ct) =>
        throw new InvalidOperationException("this static provider is read-only");
}

/// <summary>An INI file's maps as the file holds them now (read again on each listing, as a flush would).</summary>
public sealed class IniMapStore(string path) : ReadOnlyMapStore(() => IniDefinitions.Load(path).Maps.Values
    .Select(d => new StaticMap(d.Mac.ToString(), d.Ip.ToString(), d.Hostname, d.Subnet, d.Serial)).ToList());
