using System.Globalization;
using System.Text.Json;

namespace StaticDhcpd.Node.Ctl;

/// <summary>A plain-text table for people: a header row, columns padded to their widest cell, numbers right-aligned.</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly bool[] _numeric = headers.Select(_ => true).ToArray();

    public int Count => _rows.Count;

    public Table Add(params object?[] cells)
    {
        if (cells.Length != headers.Length) throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}");
        var row = new string[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            row[i] = Cell(cells[i]);
            if (row[i].Length > 0 && !IsNumber(row[i])) _numeric[i] = false;
        }
        _rows.Add(row);
        return this;
    }

    public void Write(TextWriter w)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        WriteRow(w, headers, widths, header: true);
        foreach (var r in _rows) WriteRow(w, r, widths, header: false);
    }

    public override string ToString()
    {
        var w = new StringWriter();
        Write(w);
        return w.ToString();
    }

    private void WriteRow(TextWriter w, string[] cells, int[] widths, bool header)
    {
        var parts = new string[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            var last = i == cells.Length - 1;
            var right = !header && _numeric[i] && _rows.Count > 0;
            parts[i] = right ? cells[i].PadLeft(widths[i]) : last ? cells[i] : cells[i].PadRight(widths[i]);
        }
        w.WriteLine(string.Join("  ", parts).TrimEnd());
    }

    private static bool IsNumber(string s) => double.TryParse(s.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>A cell's text: JSON values unquoted, arrays joined with commas, null as empty.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        JsonElement e => Text(e),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.Array => string.Join(",", e.EnumerateArray().Select(Text)),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        _ => e.GetRawText(),
    };
}

/// <summary>Reading the node's JSON without failing on a field it leaves out.</summary>
public static class Json
{
    public static JsonElement Field(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    public static string Str(this JsonElement e, string name) => Table.Text(e.Field(name));

    public static long Long(this JsonElement e, string name) =>
        e.Field(name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out var n) ? n : 0;

    public static IEnumerable<JsonElement> Items(this JsonElement e, string? name = null)
    {
        var a = name is null ? e : e.Field(name);
        return a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : [];
    }
}
