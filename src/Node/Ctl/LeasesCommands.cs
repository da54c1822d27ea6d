using System.CommandLine;
using System.Text.Json;
using StaticDhcpd.Node.Cli;

namespace StaticDhcpd.Node.Ctl;

/// <summary>`ctl leases list|show|release|export`: the pools' leases, cluster-wide.</summary>
public static class LeasesCommands
{
    public static Command Build(CtlGlobals g) =>
        CtlCommand.Noun("leases", "Dynamic leases of every pool", List(g), Show(g), Add(g), Release(g), Export(g));

    private static Command List(CtlGlobals g)
    {
        var pool = new Option<string>("--pool") { Description = "Only this pool's leases", HelpName = "NAME" };
        var state = new Option<string>("--state") { Description = "Only leases in this state", HelpName = "STATE" };
        state.AcceptOnlyFromAmong("offered", "bound", "declined", "in-use");
        var mac = new Option<string>("--mac") { Description = "Only this MAC's leases", HelpName = "MAC" };
        var search = new Option<string>("--search", "-s") { Description = "Substring of address, MAC, client id or hostname", HelpName = "TEXT" };
        var (offset, limit) = Paging();
        var command = new Command("list", "Leases, filtered and paged") { pool, state, mac, search, offset, limit };
        return command.Verb(g, (pr, c, ct) => c.Get("api/v1/leases" + Query(
            ("pool", pr.GetValue(pool)), ("state", pr.GetValue(state)), ("mac", pr.GetValue(mac)), ("search", pr.GetValue(search)),
            ("offset", pr.GetValue(offset).ToString()), ("limit", pr.GetValue(limit).ToString())), RenderList, ct));
    }

    private static Command Show(CtlGlobals g)
    {
        var key = Key();
        var command = new Command("show", "One lease by address, MAC or client id") { key };
        return command.Verb(g, (pr, c, ct) => c.Get($"api/v1/leases/{CtlInvocation.Segment(pr.GetValue(key)!)}", RenderOne, ct));
    }

    private static Command Add(CtlGlobals g)
    {
        var pool = new Option<string>("--pool") { Description = "The pool", Required = true, HelpName = "NAME" };
        var mac = new Option<string>("--mac") { Description = "The client's MAC", Required = true, HelpName = "MAC" };
        var address = new Option<string>("--address") { Description = "The address to bind, one of the pool's", Required = true, HelpName = "ADDRESS" };
        var clientId = new Option<string>("--client-id") { Description = "The client id (hex, colons allowed) when the client sends one", HelpName = "HEX" };
        var leaseTime = new Option<int?>("--lease-time") { Description = "Seconds (default: the pool's lease time)", HelpName = "SECONDS" };
        var hostname = new Option<string>("--hostname") { Description = "The hostname to give it", HelpName = "NAME" };
        var command = new Command("add", "Bind an address to a client by hand (an operator-made lease); 409 when taken")
            { pool, mac, address, clientId, leaseTime, hostname };
        return command.Verb(g, (pr, c, ct) => c.Send(HttpMethod.Post, "api/v1/leases",
            new { pool = pr.GetValue(pool), mac = pr.GetValue(mac), address = pr.GetValue(address), clientId = pr.GetValue(clientId),
                leaseTime = pr.GetValue(leaseTime), hostname = pr.GetValue(hostname) },
            (e, w) => w.WriteLine($"bound {e.Str("address")} to {e.Str("mac")} in pool {e.Str("pool")} until {e.Str("expires")}"), ct));
    }

    private static Command Release(CtlGlobals g)
    {
        var key = Key();
        var command = new Command("release", "Release a lease: its address goes back to the pool") { key };
        return command.Verb(g, (pr, c, ct) => c.Send(HttpMethod.Delete, $"api/v1/leases/{CtlInvocation.Segment(pr.GetValue(key)!)}", null,
            (e, w) => w.WriteLine($"released {e.Str("released")} (mac {e.Str("mac")}, pool {e.Str("pool")})"), ct));
    }

    private static Command Export(CtlGlobals g)
    {
        var output = new Option<string>("--output", "-o") { Description = "Write the CSV to FILE instead of stdout", HelpName = "FILE" };
        var command = new Command("export", "Every lease as Kea memfile lease4 CSV (the same with or without --json)") { output };
        return command.Verb(g, async (pr, c, ct) =>
        {
            var response = await c.Client.SendAsync(HttpMethod.Get, "api/v1/leases/export", null, ct);
            if (!response.Ok) return await c.Fail(response);
            var file = pr.GetValue(output);
            if (file is null) await c.Out.WriteAsync(response.Body);
            else await File.WriteAllTextAsync(file, response.Body, ct);
            return ExitCodes.Ok;
        });
    }

    private static Argument<string> Key() => new("key") { Description = "An address (10.77.100.10), a MAC (02:00:00:00:00:01) or a client id (hex with colons)" };

    public static (Option<int> Offset, Option<int> Limit) Paging() => (
        new Option<int>("--offset") { Description = "Skip this many", DefaultValueFactory = _ => 0, HelpName = "N" },
        new Option<int>("--limit") { Description = "At most this many", DefaultValueFactory = _ => 100, HelpName = "N" });

    /// <summary>`?a=1&amp;b=2` of the parameters that have a value.</summary>
    public static string Query(params (string Name, string? Value)[] ps)
    {
        var given = ps.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join("&", given);
    }

    public static void RenderList(JsonElement e, TextWriter w)
    {
        var t = new Table("ADDRESS", "MAC", "CLIENT-ID", "POOL", "STATE", "EXPIRES", "HOSTNAME");
        foreach (var l in e.Items("items"))
            t.Add(l.Str("address"), l.Str("mac"), l.Str("clientId"), l.Str("pool"), l.Str("state"), l.Str("expires"), l.Str("hostname"));
        t.Write(w);
        var offset = e.Long("offset");
        w.WriteLine($"{t.Count} of {e.Long("total")} lease(s)" + (offset > 0 ? $" from offset {offset}" : ""));
    }

    public static void RenderOne(JsonElement l, TextWriter w)
    {
        var t = new Table("FIELD", "VALUE");
        foreach (var (label, name) in new[] { ("address", "address"), ("mac", "mac"), ("client id", "clientId"), ("pool", "pool"),
                     ("state", "state"), ("expires", "expires"), ("hostname", "hostname") })
            t.Add(label, l.Str(name));
        t.Write(w);
    }
}
