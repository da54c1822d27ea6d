using System.Globalization;
using System.Text.RegularExpressions;

namespace StaticDhcpd.Node.Configuration;

/// <summary>
/// HOCON duration values ("150s", "1h", "500ms", "2 days"). A bare number is refused rather than read as
/// milliseconds, HOCON's default: "lease-time = 300" meaning 0.3 s is a trap for operators.
/// </summary>
public static partial class HoconDuration
{
    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$")]
    private static partial Regex Shape();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (text is null) return false;
        var m = Shape().Match(text);
        if (!m.Success) return false;
        var amount = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        double? ticksPerUnit = m.Groups[2].Value switch
        {
            "ns" or "nano" or "nanos" or "nanosecond" or "nanoseconds" => TimeSpan.TicksPerMillisecond / 1_000_000.0,
            "us" or "micro" or "micros" or "microsecond" or "microseconds" => TimeSpan.TicksPerMillisecond / 1_000.0,
            "ms" or "milli" or "millis" or "millisecond" or "milliseconds" => TimeSpan.TicksPerMillisecond,
            "s" or "second" or "seconds" => TimeSpan.TicksPerSecond,
            "m" or "minute" or "minutes" => TimeSpan.TicksPerMinute,
            "h" or "hour" or "hours" => TimeSpan.TicksPerHour,
            "d" or "day" or "days" => TimeSpan.TicksPerDay,
            _ => null,
        };
        if (ticksPerUnit is null) return false;
        var ticks = amount * ticksPerUnit.Value;
        if (ticks > TimeSpan.MaxValue.Ticks) return false;
        duration = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    /// <summary>The shortest exact HOCON spelling, for summaries: 150s, 1h, 500ms.</summary>
    public static string Format(TimeSpan d)
    {
        if (d == TimeSpan.Zero) return "0s";
        if (d.Ticks % TimeSpan.TicksPerDay == 0) return $"{d.Ticks / TimeSpan.TicksPerDay}d";
        if (d.Ticks % TimeSpan.TicksPerHour == 0) return $"{d.Ticks / TimeSpan.TicksPerHour}h";
        if (d.Ticks % TimeSpan.TicksPerMinute == 0) return $"{d.Ticks / TimeSpan.TicksPerMinute}m";
        if (d.Ticks % TimeSpan.TicksPerSecond == 0) return $"{d.Ticks / TimeSpan.TicksPerSecond}s";
        return $"{d.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
    }
}
