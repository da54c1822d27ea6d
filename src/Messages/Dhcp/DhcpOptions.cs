using System.Collections;

namespace StaticDhcpd.Messages.Dhcp;

/// <summary>
/// The options of one message: one entry per code, in insertion order (the encoder writes them in this
/// order). Values are held as given, not copied; <see cref="Clone"/> copies. Typed accessors live in
/// DhcpOptions.Typed.cs and DhcpOptions.Generic.cs.
/// </summary>
public sealed partial class DhcpOptions : IEnumerable<KeyValuePair<DhcpOptionCode, byte[]>>
{
    // A handful of options per message: a list searched linearly beats a dictionary and keeps order for free.
    private readonly List<KeyValuePair<DhcpOptionCode, byte[]>> _entries = new(16);

    public int Count => _entries.Count;

    public byte[]? Get(DhcpOptionCode code)
    {
        var i = IndexOf(code);
        return i < 0 ? null : _entries[i].Value;
    }

    public bool Contains(DhcpOptionCode code) => IndexOf(code) >= 0;

    /// <summary>Replaces the value in place (keeping its position) or appends a new option.</summary>
    public void Set(DhcpOptionCode code, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (code is DhcpOptionCode.Pad or DhcpOptionCode.End)
            throw new ArgumentException($"{code} is framing, not an option", nameof(code));
        var i = IndexOf(code);
        if (i >= 0) _entries[i] = new(code, value);
        else _entries.Add(new(code, value));
    }

    public bool Remove(DhcpOptionCode code)
    {
        var i = IndexOf(code);
        if (i < 0) return false;
        _entries.RemoveAt(i);
        return true;
    }

    public DhcpOptions Clone()
    {
        var c = new DhcpOptions();
        foreach (var e in _entries) c._entries.Add(new(e.Key, (byte[])e.Value.Clone()));
        return c;
    }

    /// <summary>Decoder path: RFC 3396 says repeated instances of a code are one option, concatenated in order.</summary>
    internal void Append(DhcpOptionCode code, ReadOnlySpan<byte> value)
    {
        var i = IndexOf(code);
        if (i < 0)
        {
            _entries.Add(new(code, value.ToArray()));
            return;
        }
        var old = _entries[i].Value;
        var joined = new byte[old.Length + value.Length];
        old.CopyTo(joined, 0);
        value.CopyTo(joined.AsSpan(old.Length));
        _entries[i] = new(code, joined);
    }

    /// <summary>Same codes, same order, same bytes.</summary>
    public bool SequenceEqual(DhcpOptions other)
    {
        if (other.Count != Count) return false;
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Key != other._entries[i].Key) return false;
            if (!_entries[i].Value.AsSpan().SequenceEqual(other._entries[i].Value)) return false;
        }
        return true;
    }

    public override string ToString() =>
        string.Join(", ", _entries.Select(e => $"{DhcpOptionCatalog.Get(e.Key).Name}={Convert.ToHexString(e.Value)}"));

    private int IndexOf(DhcpOptionCode code)
    {
        for (var i = 0; i < _entries.Count; i++)
            if (_entries[i].Key == code) return i;
        return -1;
    }

    public List<KeyValuePair<DhcpOptionCode, byte[]>>.Enumerator GetEnumerator() => _entries.GetEnumerator();
    IEnumerator<KeyValuePair<DhcpOptionCode, byte[]>> IEnumerable<KeyValuePair<DhcpOptionCode, byte[]>>.GetEnumerator() => GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
