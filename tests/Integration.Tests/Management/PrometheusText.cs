using System.Globalization;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>Reads sample values out of Prometheus' text format (what a scraper sees).</summary>
public static class PrometheusText
{
    /// <summary>The value of the sample whose name and labels are exactly <paramref name="series"/>
    /// (e.g. <c>pkt4_ack_sent_total</c> or <c>assigned_addresses{pool="guests"}</c>); null when absent.</summary>
    public static double? Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(series + " ", StringComparison.Ordinal)) continue;
            return double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
        }
        return null;
    }
}
