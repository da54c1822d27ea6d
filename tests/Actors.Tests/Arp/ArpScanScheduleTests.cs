using StaticDhcpd.Actors.Arp;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Arp;

public class ArpScanScheduleTests
{
    private static IReadOnlyList<Ipv4Address> Range(int n) =>
        Enumerable.Range(0, n).Select(i => new Ipv4Address(Ipv4Address.Parse("10.77.100.0").Value + (uint)i)).ToList();

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Runs the schedule with a tick every <paramref name="tickMs"/> up to <paramref name="untilMs"/>, answering
    /// nothing; returns every (time, address) sent.</summary>
    private static List<(int At, Ipv4Address Address)> Drive(ArpScanSchedule s, int tickMs, int untilMs,
        Func<Ipv4Address, bool>? answers = null)
    {
        var sent = new List<(int, Ipv4Address)>();
        for (var t = 0; t <= untilMs && !s.IsDone; t += tickMs)
            foreach (var a in s.Due(Ms(t)))
            {
                sent.Add((t, a));
                if (answers?.Invoke(a) == true) s.Answer(a);
            }
        return sent;
    }

    [Theory]
    [InlineData(100, 10)]
    [InlineData(100, 50)]
    [InlineData(1000, 10)]
    [InlineData(10000, 10)]
    public void Requests_never_exceed_the_rate_in_any_second(int rate, int tickMs)
    {
        var s = new ArpScanSchedule(Range(5000), new ArpScanSettings { Rate = rate, Retries = 0, Timeout = Ms(500) }, TimeSpan.Zero);
        var sent = Drive(s, tickMs, 3000);
        // In every window of one second, at most rate requests plus the 50 ms burst.
        for (var start = 0; start <= 2000; start += tickMs)
            Assert.True(sent.Count(x => x.At >= start && x.At < start + 1000) <= rate + Math.Max(1, rate / 20),
                $"more than {rate}/s in the second from {start} ms");
        // And the scan keeps up with its rate: at least 90 % of it over the first two seconds.
        Assert.True(sent.Count(x => x.At < 2000) >= Math.Min(5000, rate * 2 * 9 / 10), $"{sent.Count(x => x.At < 2000)} sent in 2 s at {rate}/s");
    }

    [Fact]
    public void An_unanswered_address_is_asked_again_after_the_timeout_as_often_as_the_retries_say()
    {
        var s = new ArpScanSchedule(Range(3), new ArpScanSettings { Rate = 1000, Retries = 2, Timeout = Ms(300) }, TimeSpan.Zero);
        var sent = Drive(s, 10, 5000, answers: a => a == Range(3)[1]);
        Assert.Equal(3, sent.Count(x => x.Address == Range(3)[0]));
        Assert.Equal(1, sent.Count(x => x.Address == Range(3)[1]));
        Assert.Equal(3, sent.Count(x => x.Address == Range(3)[2]));
        var times = sent.Where(x => x.Address == Range(3)[0]).Select(x => x.At).ToList();
        Assert.True(times[1] - times[0] >= 300 && times[2] - times[1] >= 300, string.Join(",", times));
        Assert.True(s.IsDone);
        Assert.Equal((3, 3, 1), (s.Total, s.Probed, s.Answered));
    }

    [Fact]
    public void The_scan_is_done_only_after_the_last_timeout()
    {
        var s = new ArpScanSchedule(Range(2), new ArpScanSettings { Rate = 1000, Retries = 0, Timeout = Ms(1000) }, TimeSpan.Zero);
        Assert.Equal(2, s.Due(Ms(10)).Count);
        Assert.Empty(s.Due(Ms(500)));
        Assert.False(s.IsDone);
        s.Answer(Range(2)[0]);
        Assert.False(s.IsDone); // the other may still answer
        Assert.Empty(s.Due(Ms(1010)));
        Assert.True(s.IsDone);
    }

    [Fact]
    public void When_every_address_has_answered_the_scan_is_done_without_waiting()
    {
        var s = new ArpScanSchedule(Range(2), new ArpScanSettings { Rate = 1000, Retries = 3, Timeout = Ms(1000) }, TimeSpan.Zero);
        foreach (var a in s.Due(Ms(10))) s.Answer(a);
        Assert.True(s.IsDone);
    }

    [Fact]
    public void An_answer_counts_once_and_only_for_an_address_of_the_scan()
    {
        var s = new ArpScanSchedule(Range(4), ArpScanSettings.Default, TimeSpan.Zero);
        s.Due(Ms(0));
        Assert.True(s.Answer(Range(4)[0]));
        Assert.False(s.Answer(Range(4)[0]));
        Assert.False(s.Answer(Ipv4Address.Parse("10.77.200.1")));
        Assert.Equal(1, s.Answered);
    }

    [Fact]
    public void Progress_counts_addresses_asked_not_requests_sent()
    {
        var s = new ArpScanSchedule(Range(10), new ArpScanSettings { Rate = 100, Retries = 1, Timeout = Ms(100) }, TimeSpan.Zero);
        var sent = Drive(s, 10, 5000);
        Assert.Equal(20, sent.Count);
        Assert.Equal((10, 10, 0), (s.Total, s.Probed, s.Answered));
    }
}
