using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Tests;

public class HoconDurationTests
{
    [Theory]
    [InlineData("150s", 150_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h", 3_600_000)]
    [InlineData("10m", 600_000)]
    [InlineData("2 days", 172_800_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0s", 0)]
    [InlineData("250000us", 250)]
    public void Parses_hocon_units(string text, long milliseconds)
    {
        Assert.True(HoconDuration.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), d);
    }

    [Theory]
    [InlineData("150")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("5 parsecs")]
    [InlineData("")]
    public void Refuses_anything_without_a_known_unit(string text) => Assert.False(HoconDuration.TryParse(text, out _));

    [Theory]
    [InlineData(150_000, "150s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(500, "500ms")]
    [InlineData(0, "0s")]
    public void Formats_the_shortest_exact_spelling(long milliseconds, string text) =>
        Assert.Equal(text, HoconDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
