using System.CommandLine;
using System.Text.Json;

namespace StaticDhcpd.Node.Ctl;

/// <summary>`ctl cluster show|leave|down`: members, leader and unreachable nodes; ask a member to leave or down it.</summary>
public static class ClusterCommands
{
    public static Command Build(CtlGlobals g)
    {
        var show = new Command("show", "Members with their status and roles, the leader, the oldest, unreachable nodes")
            .Verb(g, (_, c, ct) => c.Get("api/v1/cluster", Render, ct));
        return CtlCommand.Noun("cluster", "The Akka cluster this node belongs to", show, Member(g, "leave", "Ask a member to leave the cluster gracefully"),
            Member(g, "down", "Down a member (for one that is gone and will not come back)"));
    }

    private static Command Member(CtlGlobals g, string verb, string description)
    {
        var address = new Argument<string>("address") { Description = "The member's address, akka.tcp://staticdhcpd@host:port" };
        var command = new Command(verb, description) { address };
        return command.Verb(g, (pr, c, ct) => c.Send(HttpMethod.Post,
            $"api/v1/cluster/members/{CtlInvocation.Segment(pr.GetValue(address)!)}/{verb}", null,
            (e, w) => w.WriteLine(e.Str("message")), ct));
    }

    public static void Render(JsonElement e, TextWriter w)
    {
        w.WriteLine($"self:   {e.Str("selfNode")}");
        w.WriteLine($"leader: {e.Str("leader")}");
        w.WriteLine($"oldest: {e.Str("oldest")}");
        w.WriteLine();
        var members = new Table("NODE", "STATUS", "ROLES", "UID");
        foreach (var m in e.Items("members")) members.Add(m.Str("node"), m.Str("status"), m.Str("roles"), m.Field("nodeUid"));
        members.Write(w);
        var unreachable = e.Items("unreachable").ToList();
        if (unreachable.Count == 0) return;
        w.WriteLine();
        var t = new Table("UNREACHABLE", "OBSERVED BY");
        foreach (var u in unreachable) t.Add(u.Str("node"), u.Str("observedBy"));
        t.Write(w);
    }
}
