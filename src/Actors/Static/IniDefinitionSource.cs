using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Static;

namespace StaticDhcpd.Actors.Static;

/// <summary>
/// staticDHCPd's INI engine: the whole file in memory, read at construction (a bad file stops start-up)
/// and again on <see cref="ReloadAsync"/>, where a bad file keeps the previous content.
/// </summary>
public sealed class IniDefinitionSource : IStaticDefinitionSource
{
    private readonly string _path;
    private volatile IniDefinitions _content;

    public IniDefinitionSource(string path)
    {
        _path = path;
        _content = IniDefinitions.Load(path);
    }

    public string Name => "ini";

    public Task<StaticDefinition?> LookupAsync(MacAddress mac, CancellationToken ct) =>
        Task.FromResult(_content.Maps.GetValueOrDefault(mac));

    public Task ReloadAsync(CancellationToken ct)
    {
        _content = IniDefinitions.Load(_path); // throws before the swap: the old content stays
        return Task.CompletedTask;
    }

    public Task<string> ProbeAsync(CancellationToken ct)
    {
        var c = _content;
        var ignored = c.IgnoredSections.Count == 0
            ? "" : $"; ignored unrecognised sections: {string.Join(", ", c.IgnoredSections.Select(s => $"[{s}]"))}";
        return Task.FromResult($"{_path}: {c.Maps.Count} maps, {c.SubnetCount} subnets{ignored}");
    }
}
