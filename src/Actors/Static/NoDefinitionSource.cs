using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Static;

namespace StaticDhcpd.Actors.Static;

/// <summary>Provider "none": every client is unknown (dynamic pools only), as staticDHCPd's Null database.</summary>
public sealed class NoDefinitionSource : IStaticDefinitionSource
{
    public string Name => "none";
    public Task<StaticDefinition?> LookupAsync(MacAddress mac, CancellationToken ct) => Task.FromResult<StaticDefinition?>(null);
    public Task ReloadAsync(CancellationToken ct) => Task.CompletedTask;
    public Task<string> ProbeAsync(CancellationToken ct) => Task.FromResult("no static definitions");
}
