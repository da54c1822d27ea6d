using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Node.Management;

namespace StaticDhcpd.Node.Tests;

/// <summary>The management HTTP's pure parts: the token rule, the /ready body, Kea's counter names, shard order.</summary>
public class ManagementLogicTests
{
    [Theory]
    [InlineData("GET", null)]
    [InlineData("HEAD", null)]
    [InlineData("POST", null)]
    [InlineData("DELETE", "Bearer whatever")]
    public void Without_a_token_nothing_is_refused(string method, string? header) =>
        Assert.Null(TokenCheck.Refusal(method, header, ""));

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    public void With_a_token_reads_stay_open(string method) => Assert.Null(TokenCheck.Refusal(method, null, "s3cret"));

    [Theory]
    [InlineData("POST", null)]
    [InlineData("PUT", "")]
    [InlineData("DELETE", "Basic czNjcmV0")]
    [InlineData("PATCH", "s3cret")]
    public void A_mutation_without_a_bearer_header_is_401_unauthorized(string method, string? header)
    {
        var r = TokenCheck.Refusal(method, header, "s3cret");
        Assert.Equal((StatusCodes.Status401Unauthorized, "unauthorized"), (r!.Value.Status, r.Value.Code));
        Assert.Contains("Authorization: Bearer", r.Value.Message);
    }

    [Theory]
    [InlineData("Bearer s3cre")]
    [InlineData("Bearer s3cret2")]
    [InlineData("Bearer S3CRET")]
    [InlineData("Bearer ")]
    public void A_mutation_with_another_token_is_403_forbidden(string header)
    {
        var r = TokenCheck.Refusal("POST", header, "s3cret");
        Assert.Equal((StatusCodes.Status403Forbidden, "forbidden"), (r!.Value.Status, r.Value.Code));
    }

    [Theory]
    [InlineData("Bearer s3cret")]
    [InlineData("bearer s3cret")]
    [InlineData("Bearer  s3cret ")]
    public void A_mutation_with_the_token_passes(string header) => Assert.Null(TokenCheck.Refusal("DELETE", header, "s3cret"));

    [Fact]
    public void Ready_lists_the_three_checks_in_order_and_is_ready_only_when_all_pass()
    {
        var report = new HealthReport(new Dictionary<string, HealthReportEntry>
        {
            ["journal"] = new(HealthStatus.Healthy, "sqlite journal answered", TimeSpan.Zero, null, null),
            ["pools-recovered"] = new(HealthStatus.Unhealthy, "starting", TimeSpan.Zero, null, null),
            ["member-up"] = new(HealthStatus.Healthy, "x is Up", TimeSpan.Zero, null, null),
        }, TimeSpan.Zero);
        var body = ReadyJson.From(report);
        Assert.False(body.Ready);
        Assert.Equal(["member-up", "pools-recovered", "journal"], body.Checks.Select(c => c.Name));
        Assert.Equal([true, false, true], body.Checks.Select(c => c.Ok));
        Assert.Equal("starting", body.Checks[1].Detail);
    }

    [Fact]
    public void Kea_counters_are_read_from_the_node_counters()
    {
        var c = new DhcpCounters();
        for (var i = 0; i < 3; i++) c.CountReceived();
        c.CountMethod(DhcpMethod.Discover);
        c.CountMethod(DhcpMethod.RequestSelecting);
        c.CountMethod(DhcpMethod.RequestRenew);
        c.CountReply(DhcpMessageType.Offer);
        c.CountReply(DhcpMessageType.Ack);
        c.CountReply(DhcpMessageType.Nak);
        c.CountMalformed(DhcpDecodeError.BadMagicCookie);
        c.CountSuspended();
        var kea = KeaCounters.Read(c).ToDictionary(k => k.Name, k => k.Value);
        Assert.Equal(3, kea["pkt4-received"]);
        Assert.Equal(1, kea["pkt4-discover-received"]);
        Assert.Equal(2, kea["pkt4-request-received"]);
        Assert.Equal(1, kea["pkt4-offer-sent"]);
        Assert.Equal(1, kea["pkt4-ack-sent"]);
        Assert.Equal(1, kea["pkt4-nak-sent"]);
        Assert.Equal(3, kea["pkt4-sent"]);
        Assert.Equal(1, kea["pkt4-parse-failed"]);
        Assert.Equal(2, kea["pkt4-receive-drop"]);
        Assert.Equal(kea["pkt4-receive-drop"], KeaCounters.Drops(c).Sum(d => d.Value));
        Assert.All(kea.Keys, k => Assert.Matches("^pkt4-[a-z-]+$", k));
    }

    [Fact]
    public void Shard_ids_sort_by_their_number()
    {
        string[] ids = ["g|10", "g|2", "h|1", "g|0", "7", "12"];
        Assert.Equal(["g|0", "g|2", "g|10", "h|1"], ids.Where(i => i.Contains('|')).Order(ShardIdOrder.Instance));
        Assert.Equal(["7", "12"], new[] { "12", "7" }.Order(ShardIdOrder.Instance));
    }
}
