using System.CommandLine;
using System.Text.Json;

namespace StaticDhcpd.Node.Ctl;

/// <summary>`ctl stats`: this node's packet counters (Kea's names) and the pools' utilisation.</summary>
public static class StatsCommand
{
    public static Command Build(CtlGlobals g) =>
        new Command("stats", "Packet counters (Kea's statistic names) and pool utilisation")
            .Verb(g, (_, c, ct) => c.Get("api/v1/statistics", Render, ct));

    public static void Render(JsonElement e, TextWriter w)
    {
        w.WriteLine($"node: {e.Str("node")}");
        w.WriteLine();
        var t = new Table("COUNTER", "VALUE");
        var counters = e.Field("counters");
        if (counters.ValueKind == JsonValueKind.Object)
            foreach (var p in counters.EnumerateObject()) t.Add(p.Name, p.Value);
        t.Write(w);
        if (!e.Items("pools").Any()) return;
        w.WriteLine();
        PoolsCommands.RenderList(e.Field("pools"), w);
    }
}
