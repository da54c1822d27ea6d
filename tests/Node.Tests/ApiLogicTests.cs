using System.Text.Json;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Events;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Messages.Webhook;
using StaticDhcpd.Node.Api;

namespace StaticDhcpd.Node.Tests;

/// <summary>The pure parts of /api/v1: lease keys, filters, the CSV rows, event shapes, Kea counter names.</summary>
public class ApiLogicTests
{
    private static readonly DateTimeOffset T = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly MacAddress M = MacAddress.Parse("02:00:00:00:00:01");

    private static LeaseInfo Lease(string address, string key, AddressState state = AddressState.Bound, string? host = "guest-1") =>
        new(Ipv4Address.Parse(address), key, M, T, state, host);

    [Fact]
    public void A_key_is_an_address_a_mac_or_a_client_id_and_anything_else_is_refused()
    {
        var byAddress = LeaseKey.Parse("10.77.100.10")!;
        Assert.True(byAddress.Matches(Lease("10.77.100.10", "mac:02:00:00:00:00:01")));
        Assert.False(byAddress.Matches(Lease("10.77.100.11", "mac:02:00:00:00:00:01")));
        Assert.True(LeaseKey.Parse("02-00-00-00-00-01")!.Matches(Lease("10.77.100.10", "0102")));
        var byClientId = LeaseKey.Parse("01:02:00:00:00:00:09")!;
        Assert.True(byClientId.Matches(Lease("10.77.100.12", "01020000000009") with { Mac = null }));
        Assert.Null(LeaseKey.Parse("not-a-key"));
        Assert.Null(LeaseKey.Parse("abc")); // odd hex
        Assert.Null(LeaseKey.Parse(""));
        Assert.Equal("01:02:00", LeaseKey.ClientIdOf("010200"));
        Assert.Null(LeaseKey.ClientIdOf("mac:02:00:00:00:00:01"));
    }

    [Fact]
    public void Filters_are_checked_and_search_matches_address_mac_client_id_or_hostname()
    {
        Assert.Contains("state", LeaseFilter.Parse(null, "happy", null, null, null, null).Error);
        Assert.Contains("mac", LeaseFilter.Parse(null, null, "zz", null, null, null).Error);
        Assert.NotNull(LeaseFilter.Parse(null, null, null, null, -1, null).Error);
        Assert.NotNull(LeaseFilter.Parse(null, null, null, null, null, LeaseFilter.MaxLimit + 1).Error);
        var f = LeaseFilter.Parse("guests", "in-use", null, null, null, null).Filter!;
        Assert.Equal(("guests", AddressState.InUse, 0, 100), (f.Pool, f.State, f.Offset, f.Limit));

        var bound = Lease("10.77.100.10", "01020000000001", host: "Desk-PC");
        Assert.True(LeaseFilter.Parse(null, null, null, "desk", null, null).Filter!.Matches(bound));
        Assert.True(LeaseFilter.Parse(null, null, null, "100.10", null, null).Filter!.Matches(bound));
        Assert.True(LeaseFilter.Parse(null, null, null, "01:02:00", null, null).Filter!.Matches(bound));
        Assert.False(LeaseFilter.Parse(null, null, null, "printer", null, null).Filter!.Matches(bound));
        Assert.False(LeaseFilter.Parse(null, "declined", null, null, null, null).Filter!.Matches(bound));
    }

    [Fact]
    public void The_csv_holds_bound_and_declined_leases_only_with_keas_states_and_escaped_commas()
    {
        var pool = new PoolSettings
        {
            Name = "guests", Subnet = new Ipv4Subnet(Ipv4Address.Parse("10.77.0.0"), 16),
            Ranges = [(Ipv4Address.Parse("10.77.100.10"), Ipv4Address.Parse("10.77.100.19"))],
            LeaseTime = TimeSpan.FromMinutes(10), DeclineProbation = TimeSpan.FromHours(2),
        };
        var csv = LeaseCsv.Write([
            new PoolLease(pool, Lease("10.77.100.11", "mac:02:00:00:00:00:01", host: "a,b")),
            new PoolLease(pool, Lease("10.77.100.10", "0102", AddressState.Declined, host: null) with { Mac = null }),
            new PoolLease(pool, Lease("10.77.100.12", "0103", AddressState.Offered)),
            new PoolLease(pool, Lease("10.77.100.13", "0104", AddressState.InUse)),
        ], _ => 7);
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(LeaseCsv.Header, lines[0]);
        Assert.Equal($"10.77.100.10,,01:02,7200,{T.ToUnixTimeSeconds()},7,0,0,,1,,0", lines[1]);
        Assert.Equal($"10.77.100.11,02:00:00:00:00:01,,600,{T.ToUnixTimeSeconds()},7,0,0,a&#x2cb,0,,0", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void Events_have_their_stream_names_and_camel_case_data_with_utc_times()
    {
        var (name, data) = EventJson.Format(new LeaseGrantedNotice(M, "mac:02:00:00:00:00:01", "guests", Ipv4Address.Parse("10.77.100.10"),
            TimeSpan.FromMinutes(10), T.AddMinutes(10), T))!.Value;
        Assert.Equal("lease-granted", name);
        var d = JsonDocument.Parse(data).RootElement;
        Assert.Equal(("2026-01-02T03:04:05Z", "02:00:00:00:00:01", 600, "10.77.100.10"),
            (d.GetProperty("time").GetString(), d.GetProperty("mac").GetString(), d.GetProperty("leaseTime").GetInt32(), d.GetProperty("address").GetString()));
        Assert.Equal(JsonValueKind.Null, d.GetProperty("clientId").ValueKind);
        Assert.Equal("lease-declined", EventJson.Format(new LeaseDeclinedNotice(M, "k", "guests", Ipv4Address.Parse("10.77.100.10"), T, T))!.Value.Name);
        Assert.Equal("unknown-mac", EventJson.Format(new UnknownMacSeen(M, "eth0", null, null, null, T))!.Value.Name);
        Assert.Equal("member-joined", EventJson.Format(new MemberJoinedNotice("akka.tcp://staticdhcpd@127.0.0.1:1", [], T))!.Value.Name);
        var left = EventJson.Format(new MemberLeftNotice("akka.tcp://staticdhcpd@127.0.0.1:1", "Down", T))!.Value;
        Assert.Equal(("member-left", "Down"), (left.Name, JsonDocument.Parse(left.Data).RootElement.GetProperty("previousStatus").GetString()));
    }

    [Fact]
    public void Counters_carry_keas_names_and_the_nodes_own()
    {
        var c = new DhcpCounters();
        c.CountReceived();
        c.CountReceived();
        c.CountMethod(DhcpMethod.RequestRenew);
        c.CountMethod(DhcpMethod.RequestSelecting);
        c.CountReply(DhcpMessageType.Ack);
        c.CountMalformed(DhcpDecodeError.TruncatedHeader);
        c.CountIgnored();
        var k = StaticDhcpd.Node.Management.KeaCounters.Statistics(c);
        Assert.Equal((2L, 2L, 1L, 1L, 1L, 2L), (k["pkt4-received"], k["pkt4-request-received"], k["pkt4-ack-sent"], k["pkt4-sent"],
            k["pkt4-parse-failed"], k["pkt4-receive-drop"]));
        Assert.Equal(2, k["received"]);
    }
}
