using System.Globalization;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Static;

/// <summary>A column/key whose text is not what staticDHCPd accepts; the caller adds where it came from.</summary>
internal sealed class FieldFormatException(string field, string problem) : Exception($"{field}: {problem}")
{
    public string Field { get; } = field;
    public string Problem { get; } = problem;
}

/// <summary>
/// Text → typed fields, shared by the SQL and INI sources so both read a definition the same way:
/// empty or missing = absent, comma lists for gateway/DNS/NTP, DNS and NTP cut to 3 as staticDHCPd does.
/// </summary>
internal static class DefinitionFields
{
    public const int MaxServers = 3;

    public static string? Text(string? raw) => string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();

    public static Ipv4Address RequiredAddress(string? raw, string field) =>
        OptionalAddress(raw, field) ?? throw new FieldFormatException(field, "missing");

    public static Ipv4Address? OptionalAddress(string? raw, string field)
    {
        var text = Text(raw);
        if (text is null) return null;
        return Ipv4Address.TryParse(text, out var a) ? a : throw new FieldFormatException(field, $"not an IPv4 address: '{text}'");
    }

    public static IReadOnlyList<Ipv4Address> AddressList(string? raw, string field, int? limit = null)
    {
        var text = Text(raw);
        if (text is null) return [];
        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (limit is { } n) items = items.Take(n).ToArray();
        return items.Select(i => Ipv4Address.TryParse(i, out var a)
            ? a : throw new FieldFormatException(field, $"not an IPv4 address: '{i}'")).ToList();
    }

    public static uint LeaseTime(object? raw, string field)
    {
        var text = Text(Convert.ToString(raw, CultureInfo.InvariantCulture));
        if (text is null) throw new FieldFormatException(field, "missing");
        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v : throw new FieldFormatException(field, $"not a number of seconds: '{text}'");
    }

    public static int Serial(object? raw, string field)
    {
        var text = Text(Convert.ToString(raw, CultureInfo.InvariantCulture));
        if (text is null) throw new FieldFormatException(field, "missing");
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v : throw new FieldFormatException(field, $"not an integer: '{text}'");
    }
}
