using System.Text;
using StaticDhcpd.Actors.Webhook;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Webhook;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Webhook;

/// <summary>The documents are a contract with the operator's scripts: every byte is pinned here.</summary>
public class WebhookJsonTests
{
    private static readonly Guid Id = Guid.Parse("0190f5a2-0000-7000-8000-000000000001");
    private static readonly MacAddress Mac = MacAddress.Parse("AA-BB-CC-00-11-22");
    // A non-UTC offset: the document must still say Z.
    private static readonly DateTimeOffset At = new(2025, 3, 1, 13, 4, 5, 678, TimeSpan.FromHours(1));

    private static string Json(IWebhookNotice n) => Encoding.UTF8.GetString(WebhookJson.Serialize(n, Id));

    [Fact]
    public void Unknown_mac_from_a_relay_with_pool_and_hostname()
    {
        Assert.Equal(
            """{"event":"unknown-mac","id":"0190f5a2-0000-7000-8000-000000000001","time":"2025-03-01T12:04:05.678Z","mac":"aa:bb:cc:00:11:22","interface":"eth0","relay":"10.77.0.1","pool":"guests","hostname":"laptop"}""",
            Json(new UnknownMacSeen(Mac, "eth0", Ipv4Address.Parse("10.77.0.1"), "guests", "laptop", At)));
    }

    [Fact]
    public void Unknown_mac_keeps_absent_values_as_null_keys()
    {
        Assert.Equal(
            """{"event":"unknown-mac","id":"0190f5a2-0000-7000-8000-000000000001","time":"2025-03-01T12:04:05.678Z","mac":"aa:bb:cc:00:11:22","interface":null,"relay":null,"pool":null,"hostname":null}""",
            Json(new UnknownMacSeen(Mac, null, null, null, null, At)));
    }

    [Fact]
    public void Lease_granted()
    {
        Assert.Equal(
            """{"event":"lease-granted","id":"0190f5a2-0000-7000-8000-000000000001","time":"2025-03-01T12:04:05.678Z","mac":"aa:bb:cc:00:11:22","client_key":"mac:aa:bb:cc:00:11:22","pool":"guests","address":"10.77.100.10","lease_seconds":300,"expires":"2025-03-01T12:09:05.678Z"}""",
            Json(new LeaseGrantedNotice(Mac, "mac:aa:bb:cc:00:11:22", "guests", Ipv4Address.Parse("10.77.100.10"),
                TimeSpan.FromMinutes(5), At.AddMinutes(5), At)));
    }

    [Fact]
    public void Lease_released()
    {
        Assert.Equal(
            """{"event":"lease-released","id":"0190f5a2-0000-7000-8000-000000000001","time":"2025-03-01T12:04:05.678Z","mac":"aa:bb:cc:00:11:22","client_key":"01aabbcc001122","pool":"guests","address":"10.77.100.10"}""",
            Json(new LeaseReleasedNotice(Mac, "01aabbcc001122", "guests", Ipv4Address.Parse("10.77.100.10"), At)));
    }

    [Fact]
    public void Lease_expired()
    {
        Assert.Equal(
            """{"event":"lease-expired","id":"0190f5a2-0000-7000-8000-000000000001","time":"2025-03-01T12:04:06.000Z","mac":"aa:bb:cc:00:11:22","client_key":"01aabbcc001122","pool":"guests","address":"10.77.100.10","expired":"2025-03-01T12:04:05.678Z"}""",
            Json(new LeaseExpiredNotice(Mac, "01aabbcc001122", "guests", Ipv4Address.Parse("10.77.100.10"), At,
                new DateTimeOffset(2025, 3, 1, 12, 4, 6, TimeSpan.Zero))));
    }

    [Fact]
    public void A_hostname_with_quotes_and_non_ascii_stays_valid_json()
    {
        var json = Json(new UnknownMacSeen(Mac, "eth0", null, null, "a\"b\\c\u00e9\u0001", At));
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("a\"b\\c\u00e9\u0001", doc.RootElement.GetProperty("hostname").GetString());
    }

    [Fact]
    public void Every_configurable_event_has_a_notice_and_the_hocon_name()
    {
        IWebhookNotice[] one =
        [
            new UnknownMacSeen(Mac, null, null, null, null, At),
            new LeaseGrantedNotice(Mac, "k", "p", Ipv4Address.Any, TimeSpan.Zero, At, At),
            new LeaseReleasedNotice(Mac, "k", "p", Ipv4Address.Any, At),
            new LeaseExpiredNotice(Mac, "k", "p", Ipv4Address.Any, At, At),
        ];
        Assert.Equal(Enum.GetValues<WebhookEvent>().Order(), one.Select(n => WebhookJson.KindOf(n)!.Value).Order());
        foreach (var (name, kind) in WebhookSettings.EventNames) Assert.Equal(name, WebhookJson.NameOf(kind));
    }
}
