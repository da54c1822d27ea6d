using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace StaticDhcpd.Node.Ctl;

/// <summary>`ctl pools list|show`: the dynamic pools and their utilisation.</summary>
public static class PoolsCommands
{
    public static Command Build(CtlGlobals g)
    {
        var list = new Command("list", "Every pool: addresses total, free, offered, bound, declined, in use")
            .Verb(g, (_, c, ct) => c.Get("api/v1/pools", RenderList, ct));
        var name = new Argument<string>("name") { Description = "The pool's name" };
        var show = new Command("show", "One pool in detail") { name };
        show.Verb(g, (pr, c, ct) => c.Get($"api/v1/pools/{CtlInvocation.Segment(pr.GetValue(name)!)}", RenderOne, ct));
        return CtlCommand.Noun("pools", "Dynamic address pools", list, show);
    }

    public static void RenderList(JsonElement e, TextWriter w)
    {
        var t = new Table("NAME", "SUBNET", "TOTAL", "FREE", "OFFERED", "BOUND", "DECLINED", "IN-USE", "USED");
        foreach (var p in e.Items())
            t.Add(p.Str("name"), p.Str("subnet"), p.Field("total"), p.Field("free"), p.Field("offered"), p.Field("bound"),
                p.Field("declined"), p.Field("inUse"), Used(p));
        t.Write(w);
    }

    public static void RenderOne(JsonElement p, TextWriter w)
    {
        var t = new Table("FIELD", "VALUE");
        t.Add("name", p.Str("name")).Add("subnet", p.Str("subnet")).Add("ranges", p.Str("ranges"))
            .Add("lease time", p.Str("leaseTime") + " s").Add("total", p.Str("total")).Add("free", p.Str("free"))
            .Add("offered", p.Str("offered")).Add("bound", p.Str("bound")).Add("declined", p.Str("declined"))
            .Add("in use", p.Str("inUse")).Add("blocked clients", p.Str("blockedClients")).Add("used", Used(p));
        t.Write(w);
    }

    /// <summary>Addresses not free, as a share of the pool.</summary>
    public static string Used(JsonElement p)
    {
        var total = p.Long("total");
        if (total == 0) return "0%";
        return ((total - p.Long("free")) * 100.0 / total).ToString("0.#", CultureInfo.InvariantCulture) + "%";
    }
}
