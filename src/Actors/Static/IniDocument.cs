namespace StaticDhcpd.Actors.Static;

/// <summary>
/// The INI dialect of Python's RawConfigParser as staticDHCPd reads it: <c>[section]</c>, <c>key = value</c>
/// or <c>key: value</c>, keys case-insensitive, <c>#</c>/<c>;</c> full-line comments, no inline comments,
/// duplicate sections or keys rejected, <c>[DEFAULT]</c> keys inherited by every section. A value in one pair of
/// matching quotes is read without them: staticDHCPd's own sample writes <c>domain-name: "example.org"</c>, and quotes
/// on the wire make dhclient drop the domain as invalid.
/// </summary>
internal sealed class IniDocument
{
    public sealed record Section(string Name, int Line, IReadOnlyDictionary<string, string> Values);

    public IReadOnlyList<Section> Sections { get; }

    private IniDocument(IReadOnlyList<Section> sections) => Sections = sections;

    /// <summary>Parses <paramref name="text"/>; errors are <see cref="StaticDefinitionException"/> naming file and line.</summary>
    public static IniDocument Parse(string text, string file)
    {
        var order = new List<(string Name, int Line, Dictionary<string, string> Values)>();
        var defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Dictionary<string, string>? current = null;
        string? currentName = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.Trim();
            var at = $"{file}:{i + 1}";
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';') continue;
            if (trimmed[0] == '[')
            {
                if (!trimmed.EndsWith(']')) throw new StaticDefinitionException($"{at}: section header without ']': '{trimmed}'");
                currentName = trimmed[1..^1].Trim();
                if (currentName.Equals("DEFAULT", StringComparison.Ordinal)) { current = defaults; continue; }
                if (order.Any(s => s.Name == currentName))
                    throw new StaticDefinitionException($"{at}: [{currentName}] appears twice");
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                order.Add((currentName, i + 1, current));
                continue;
            }
            if (char.IsWhiteSpace(line[0]))
                throw new StaticDefinitionException($"{at}: continuation lines are not supported: '{trimmed}'");
            if (current is null) throw new StaticDefinitionException($"{at}: key outside any section: '{trimmed}'");
            var sep = trimmed.IndexOfAny(['=', ':']);
            if (sep <= 0) throw new StaticDefinitionException($"{at}: [{currentName}] expected 'key = value', got '{trimmed}'");
            var key = trimmed[..sep].Trim().ToLowerInvariant();
            if (!current.TryAdd(key, Unquote(trimmed[(sep + 1)..].Trim())))
                throw new StaticDefinitionException($"{at}: [{currentName}] {key}: given twice");
        }
        return new IniDocument(order.Select(s =>
        {
            var merged = new Dictionary<string, string>(defaults, StringComparer.OrdinalIgnoreCase);
            foreach (var (k, v) in s.Values) merged[k] = v;
            return new Section(s.Name, s.Line, merged);
        }).ToList());
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0] ? value[1..^1] : value;
}
