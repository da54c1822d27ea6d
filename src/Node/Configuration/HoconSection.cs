using Akka.Configuration.Hocon;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Node.Configuration;

/// <summary>
/// Strict, typed reading of one HOCON object. Keys not in the known list are refused when the section is
/// opened, and every failure names the key's full path, so an operator's typo never passes silently.
/// A key that is absent takes the fallback given by the caller, or is reported missing when there is none.
/// </summary>
public sealed class HoconSection
{
    private readonly IReadOnlyDictionary<string, HoconValue> _items;

    public string Path { get; }

    private HoconSection(string path, IReadOnlyDictionary<string, HoconValue> items)
    {
        Path = path;
        _items = items;
    }

    /// <summary>Opens <paramref name="value"/> as an object whose keys must all be in <paramref name="knownKeys"/>.</summary>
    public static HoconSection Open(HoconValue? value, string path, params string[] knownKeys)
    {
        if (value is null) throw new ConfigurationException(path, "missing section");
        if (!value.IsObject()) throw new ConfigurationException(path, $"expected an object {{ … }}, got {Shape(value)}");
        var items = value.GetObject().Items;
        var unknown = items.Keys.Where(k => !knownKeys.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).FirstOrDefault();
        if (unknown is not null)
            throw new ConfigurationException($"{path}.{unknown}", $"unknown key (known here: {string.Join(", ", knownKeys)})");
        return new HoconSection(path, items);
    }

    public string KeyPath(string key) => $"{Path}.{key}";

    public bool Has(string key) => _items.TryGetValue(key, out var v) && !IsNull(v);

    public HoconSection Section(string key, params string[] knownKeys) =>
        Open(_items.GetValueOrDefault(key), KeyPath(key), knownKeys);

    public string String(string key, string? fallback = null) => Scalar(key, fallback, "a string", s => (true, s));

    public bool Bool(string key, bool? fallback = null) =>
        Scalar(key, fallback, "on or off", s => IsOn(s) ? (true, true) : IsOff(s) ? (true, false) : (false, false));

    private static bool IsOn(string s) => s.ToLowerInvariant() is "on" or "true" or "yes";

    private static bool IsOff(string s) => s.ToLowerInvariant() is "off" or "false" or "no";

    /// <summary>off (null) or a positive duration; <paramref name="fallback"/> when the key is absent.</summary>
    public TimeSpan? DurationOrOff(string key, TimeSpan? fallback) =>
        !Has(key) ? fallback
        : ParseScalar<TimeSpan?>(key, "a positive duration such as 30m or 1h, or off", s =>
            IsOff(s) ? (true, null) : HoconDuration.TryParse(s, out var d) && d > TimeSpan.Zero ? (true, d) : (false, null));

    public int NonNegativeInt(string key, int? fallback = null) =>
        Scalar(key, fallback, "a non-negative integer",
            s => s.All(char.IsAsciiDigit) && int.TryParse(s, out var n) ? (true, n) : (false, 0));

    public int IntInRange(string key, int min, int max, int? fallback = null) =>
        Scalar(key, fallback, $"an integer from {min} to {max}",
            s => int.TryParse(s, out var n) && n >= min && n <= max ? (true, n) : (false, 0));

    /// <summary>A HOCON duration; <paramref name="positive"/> refuses zero.</summary>
    public TimeSpan Duration(string key, TimeSpan? fallback = null, bool positive = false) =>
        Scalar(key, fallback, positive ? "a positive duration such as 150s, 1h or 500ms" : "a duration such as 150s, 1h or 500ms",
            s => HoconDuration.TryParse(s, out var d) && (!positive || d > TimeSpan.Zero) ? (true, d) : (false, default));

    public Ipv4Address Ipv4(string key, Ipv4Address? fallback = null) =>
        Scalar(key, fallback, "an IPv4 address such as 192.0.2.1", s => Ipv4Address.TryParse(s, out var a) ? (true, a) : (false, default));

    /// <summary>An optional address: absent, <c>null</c> or "" mean not set.</summary>
    public Ipv4Address? OptionalIpv4(string key) =>
        Has(key) && String(key) is { Length: > 0 } ? Ipv4(key) : null;

    /// <summary>A scalar checked against a set of words; the error lists them.</summary>
    public T Choice<T>(string key, IReadOnlyDictionary<string, T> choices, T? fallback = default) where T : struct =>
        Scalar(key, (T?)fallback, "one of " + string.Join(", ", choices.Keys),
            s => choices.TryGetValue(s, out var v) ? (true, v) : (false, default));

    public IReadOnlyList<string> StringList(string key, IReadOnlyList<string>? fallback = null) =>
        List(key, fallback, "strings", (_, s) => s);

    public IReadOnlyList<Ipv4Address> Ipv4List(string key, IReadOnlyList<Ipv4Address>? fallback = null) =>
        List(key, fallback, "IPv4 addresses", (path, s) => Ipv4Address.TryParse(s, out var a)
            ? a
            : throw new ConfigurationException(path, $"expected an IPv4 address such as 192.0.2.1, got '{s}'"));

    /// <summary>A list of strings each turned into a value by <paramref name="parse"/>, which is given the element's path.</summary>
    public IReadOnlyList<T> List<T>(string key, IReadOnlyList<T>? fallback, string what, Func<string, string, T> parse)
    {
        if (!Has(key)) return fallback ?? throw Missing(key);
        var value = _items[key];
        if (!IsList(value)) throw new ConfigurationException(KeyPath(key), $"expected a list of {what} [ … ], got {Shape(value)}");
        var result = new List<T>();
        var elements = Elements(value);
        for (int i = 0; i < elements.Count; i++)
        {
            var path = $"{KeyPath(key)}[{i}]";
            var e = elements[i];
            if (!e.IsString() || IsNull(e)) throw new ConfigurationException(path, $"expected one of {what}, got {Shape(e)}");
            result.Add(parse(path, e.GetString()));
        }
        return result;
    }

    /// <summary>A list of objects, each opened with the same known keys.</summary>
    public IReadOnlyList<HoconSection> SectionList(string key, params string[] knownKeys)
    {
        if (!Has(key)) return [];
        var value = _items[key];
        if (!IsList(value)) throw new ConfigurationException(KeyPath(key), $"expected a list of objects [ {{ … }} ], got {Shape(value)}");
        return Elements(value).Select((e, i) => Open(e, $"{KeyPath(key)}[{i}]", knownKeys)).ToList();
    }

    private T Scalar<T>(string key, T? fallback, string expected, Func<string, (bool Ok, T Value)> parse) where T : struct
    {
        if (!Has(key)) return fallback ?? throw Missing(key);
        return ParseScalar(key, expected, parse);
    }

    private string Scalar(string key, string? fallback, string expected, Func<string, (bool Ok, string Value)> parse)
    {
        if (!Has(key)) return fallback ?? throw Missing(key);
        return ParseScalar(key, expected, parse);
    }

    private T ParseScalar<T>(string key, string expected, Func<string, (bool Ok, T Value)> parse)
    {
        var value = _items[key];
        if (!value.IsString()) throw new ConfigurationException(KeyPath(key), $"expected {expected}, got {Shape(value)}");
        var text = value.GetString();
        var (ok, result) = parse(text.Trim());
        return ok ? result : throw new ConfigurationException(KeyPath(key), $"expected {expected}, got '{text}'");
    }

    private ConfigurationException Missing(string key) => new(KeyPath(key), "missing required key");

    // Akka 1.5 says IsArray() is false for an empty list "[]" (which it keeps with any blanks after it as
    // literals): look at the parsed elements instead.
    private static bool IsList(HoconValue v) =>
        v.IsArray()
        || (v.Values.Any(e => e is HoconArray)
            && v.Values.All(e => e is HoconArray || (e is HoconLiteral l && string.IsNullOrWhiteSpace(l.GetString()))));

    private static IList<HoconValue> Elements(HoconValue v) => v.IsArray() ? v.GetArray() : [];

    private static bool IsNull(HoconValue v) => v.IsString() && v.GetString() is null;

    private static string Shape(HoconValue v) =>
        v.IsObject() ? "an object" : IsList(v) ? "a list" : IsNull(v) ? "null" : $"'{v.GetString()}'";
}
