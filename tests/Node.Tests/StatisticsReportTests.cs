using StaticDhcpd.Actors.Statistics;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Node.Hosting;

namespace StaticDhcpd.Node.Tests;

public class StatisticsReportTests
{
    [Fact]
    public void The_counters_line_always_has_the_totals_and_only_the_non_zero_details()
    {
        var c = new DhcpCounters();
        for (var i = 0; i < 3; i++) c.CountReceived();
        c.CountMalformed(DhcpDecodeError.BadMagicCookie);
        c.CountReply(DhcpMessageType.Offer);

        var line = StatisticsReport.Counters(c.Snapshot());

        Assert.StartsWith("statistics: received=3 malformed=1 invalid=0 refused-by-policy=0 suspended=0 ignored=0 silent=0 " +
            "send-errors=0 source-failures=0 pool-timeouts=0 ", line);
        Assert.Contains(" malformed.BadMagicCookie=1", line);
        Assert.Contains(" reply.Offer=1", line);
        Assert.DoesNotContain("reply.Ack", line);
        Assert.DoesNotContain("malformed.TruncatedHeader", line);
    }

    [Fact]
    public void A_pool_line_says_how_its_addresses_are_used()
    {
        var line = StatisticsReport.Pool(new PoolStatus("guests", 241, 230, 2, 8, 1, 0, 0, 17));
        Assert.Equal("pool guests: 241 addresses, 230 free, 2 offered, 8 bound, 1 declined, 0 in use by others, " +
            "0 blocked clients, 17 requests refused (exhausted)", line);
    }
}
