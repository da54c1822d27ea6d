using System.CommandLine;
using System.Text.Json;

namespace StaticDhcpd.Node.Ctl;

/// <summary>`ctl maps list|add|remove|flush`: the static provider's MAC → address definitions.</summary>
public static class MapsCommands
{
    public static Command Build(CtlGlobals g) =>
        CtlCommand.Noun("maps", "Static definitions (the static provider's maps)", List(g), Add(g), Remove(g), Flush(g));

    private static Command List(CtlGlobals g)
    {
        var search = new Option<string>("--search", "-s") { Description = "Substring of MAC, address or hostname", HelpName = "TEXT" };
        var (offset, limit) = LeasesCommands.Paging();
        var command = new Command("list", "Static definitions, searched and paged") { search, offset, limit };
        return command.Verb(g, (pr, c, ct) => c.Get("api/v1/maps" + LeasesCommands.Query(("search", pr.GetValue(search)),
            ("offset", pr.GetValue(offset).ToString()), ("limit", pr.GetValue(limit).ToString())), RenderList, ct));
    }

    private static Command Add(CtlGlobals g)
    {
        var mac = new Option<string>("--mac") { Description = "The client's MAC", Required = true, HelpName = "MAC" };
        var ip = new Option<string>("--ip") { Description = "The address it gets", Required = true, HelpName = "ADDRESS" };
        var subnet = new Option<string>("--subnet") { Description = "The subnet name (staticDHCPd's subnets.subnet)", Required = true, HelpName = "SUBNET" };
        var serial = new Option<int>("--serial") { Description = "The subnet serial", DefaultValueFactory = _ => 0, HelpName = "N" };
        var hostname = new Option<string>("--hostname") { Description = "The client's hostname", HelpName = "NAME" };
        var command = new Command("add", "Add a definition (SQL providers only; ini and none answer 409)") { mac, ip, subnet, serial, hostname };
        return command.Verb(g, (pr, c, ct) => c.Send(HttpMethod.Post, "api/v1/maps",
            new { mac = pr.GetValue(mac), ip = pr.GetValue(ip), hostname = pr.GetValue(hostname), subnet = pr.GetValue(subnet), serial = pr.GetValue(serial) },
            (e, w) => w.WriteLine($"added {e.Str("mac")} -> {e.Str("ip")}"), ct));
    }

    private static Command Remove(CtlGlobals g)
    {
        var mac = new Argument<string>("mac") { Description = "The definition's MAC" };
        var command = new Command("remove", "Remove a definition") { mac };
        return command.Verb(g, (pr, c, ct) => c.Send(HttpMethod.Delete, $"api/v1/maps/{CtlInvocation.Segment(pr.GetValue(mac)!)}", null,
            (_, w) => w.WriteLine($"removed {pr.GetValue(mac)}"), ct));
    }

    private static Command Flush(CtlGlobals g) =>
        new Command("flush", "Drop the static cache so definitions are read afresh (what SIGHUP does)")
            .Verb(g, (_, c, ct) => c.Send(HttpMethod.Post, "api/v1/maps/flush", null,
                (e, w) => w.WriteLine($"cache flushed: {e.Long("entriesDropped")} entries dropped"), ct));

    public static void RenderList(JsonElement e, TextWriter w)
    {
        var t = new Table("MAC", "IP", "HOSTNAME", "SUBNET", "SERIAL");
        foreach (var m in e.Items("items")) t.Add(m.Str("mac"), m.Str("ip"), m.Str("hostname"), m.Str("subnet"), m.Field("serial"));
        t.Write(w);
        w.WriteLine($"{t.Count} of {e.Long("total")} definition(s)");
    }
}
