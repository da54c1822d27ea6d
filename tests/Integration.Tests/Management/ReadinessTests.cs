using System.Net;
using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Static;
using Xunit;
using static StaticDhcpd.Integration.Tests.Dynamic.DynamicPlan;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>
/// A node whose journal cannot be reached (a PostgreSQL socket directory with no server in it) keeps waiting for its
/// pools and never opens its sockets: /alive says alive, /ready says 503 and names the journal and the pools as what
/// is missing, while the member itself is Up. SIGTERM still stops it with exit code 0.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_is_503_naming_the_journal_while_the_journal_cannot_be_reached()
    {
        using var lab = new NetnsLab(prefix: "mgh");
        using var http = new ManagementClient(lab.ServerNs, 8558);
        var dir = Path.Combine(lab.WorkDir, "node");
        var noServer = Path.Combine(dir, "no-postgres");
        Directory.CreateDirectory(noServer);
        lab.Exec(lab.ServerNs, "ip", "addr", "add", PoolServerAddress, "dev", NetnsLab.Interface);
        var config = Path.Combine(dir, "staticdhcpd.conf");
        File.WriteAllText(config, $$"""
            staticdhcpd {
              data-dir = "{{Path.Combine(dir, "data")}}"
              dhcp { interfaces = ["{{NetnsLab.Interface}}"], server-ip = "{{NetnsLab.ServerAddress}}" }
              static.provider = none
              persistence { provider = postgresql, connection-string = "Host={{noServer}};Username=x;Timeout=2" }
              pools = [ {{GuestsPool(60)}} ]
            }
            """);
        var node = lab.Start(lab.ServerNs, StaticServer.DotnetHost, [StaticServer.Dll, "run", "--config", config]);

        ManagementClient.Answer? ready = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        // Until the member is Up and the journal check has run against the missing server.
        while (DateTime.UtcNow < deadline && !(ready?.Body.Contains("is Up") ?? false))
        {
            Assert.False(node.HasExited, "staticdhcpd exited\n" + node.Output);
            try { ready = await http.GetAsync("/ready"); }
            catch (HttpRequestException) { /* not listening yet */ }
            await Task.Delay(200);
        }
        Assert.True(ready is not null, "no answer from /ready within 60 s\n" + node.Output);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        var checks = ready.Json.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => (Ok: c.GetProperty("ok").GetBoolean(), Detail: c.GetProperty("detail").GetString()!));
        Assert.False(ready.Json.GetProperty("ready").GetBoolean());
        Assert.True(checks["member-up"].Ok, checks["member-up"].Detail);
        Assert.False(checks["pools-recovered"].Ok);
        Assert.False(checks["journal"].Ok);
        Assert.Contains("journal", checks["journal"].Detail);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).Status);
        Assert.DoesNotContain("serving DHCP", node.Output);

        await node.StopAsync(TimeSpan.FromSeconds(30));
        Assert.True(node.ExitCode == 0, $"exit code {node.ExitCode}\n{node.Output}");
    }
}
