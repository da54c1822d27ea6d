using System.Buffers.Binary;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Dhcp;

/// <summary>
/// Bytes to <see cref="DhcpPacket"/> and back (RFC 2131 §2, RFC 2132, RFC 3396).
/// Option 52 (overload) belongs to the codec: decode merges sname/file options and leaves those fields
/// zeroed and 52 out of the options; encode ignores any 52 in the options and adds one when it needs it.
/// </summary>
public static class DhcpCodec
{
    public const uint MagicCookie = 0x63825363;
    /// <summary>RFC 951: BOOTP messages are at least 300 bytes; some relays and clients drop shorter ones.</summary>
    public const int MinimumPacketSize = 300;
    public const int OptionsOffset = 240;
    internal const int ChaddrOffset = 28, CookieOffset = 236;
    private const int SnameOffset = 44, FileOffset = 108;
    private const int OverloadFile = 1, OverloadSname = 2;

    /// <summary>Never throws: whatever the bytes, the answer is a packet or a typed error.</summary>
    public static DhcpDecodeResult Decode(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < OptionsOffset) return Fail(DhcpDecodeError.TruncatedHeader);
        if (BinaryPrimitives.ReadUInt32BigEndian(datagram[CookieOffset..]) != MagicCookie)
            return Fail(DhcpDecodeError.BadMagicCookie);
        if (datagram[0] is not ((byte)BootOp.BootRequest or (byte)BootOp.BootReply)) return Fail(DhcpDecodeError.BadOp);
        if (datagram[2] > DhcpPacket.ChaddrLength) return Fail(DhcpDecodeError.BadHardwareAddressLength);

        var options = new DhcpOptions();
        var overload = 0;
        var error = ParseField(datagram[OptionsOffset..], options, main: true, ref overload);
        // RFC 2131 §4.1: file first, then sname; RFC 3396 concatenates across fields in that order.
        if (error == DhcpDecodeError.None && (overload & OverloadFile) != 0)
            error = ParseField(datagram.Slice(FileOffset, DhcpPacket.BootFileLength), options, main: false, ref overload);
        if (error == DhcpDecodeError.None && (overload & OverloadSname) != 0)
            error = ParseField(datagram.Slice(SnameOffset, DhcpPacket.ServerNameLength), options, main: false, ref overload);
        if (error != DhcpDecodeError.None) return Fail(error);

        foreach (var (code, value) in options)
            if (!DhcpOptionCatalog.Get(code).IsValidLength(value.Length)) return Fail(DhcpDecodeError.BadOptionLength);
        if (!options.Contains(DhcpOptionCode.DhcpMessageType)) return Fail(DhcpDecodeError.MissingMessageType);
        if (options.MessageType is null) return Fail(DhcpDecodeError.BadMessageType);

        var p = new DhcpPacket
        {
            Op = (BootOp)datagram[0],
            HardwareType = datagram[1],
            HardwareAddressLength = datagram[2],
            Hops = datagram[3],
            TransactionId = BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]),
            Seconds = BinaryPrimitives.ReadUInt16BigEndian(datagram[8..]),
            Flags = BinaryPrimitives.ReadUInt16BigEndian(datagram[10..]),
            ClientAddress = Ipv4Address.FromBytes(datagram[12..]),
            YourAddress = Ipv4Address.FromBytes(datagram[16..]),
            ServerAddress = Ipv4Address.FromBytes(datagram[20..]),
            RelayAddress = Ipv4Address.FromBytes(datagram[24..]),
            ClientHardwareAddress = datagram.Slice(ChaddrOffset, DhcpPacket.ChaddrLength).ToArray(),
            Options = options,
        };
        if ((overload & OverloadSname) == 0) datagram.Slice(SnameOffset, DhcpPacket.ServerNameLength).CopyTo(p.ServerName);
        if ((overload & OverloadFile) == 0) datagram.Slice(FileOffset, DhcpPacket.BootFileLength).CopyTo(p.BootFile);
        return new DhcpDecodeResult(p, DhcpDecodeError.None);
    }

    private static DhcpDecodeResult Fail(DhcpDecodeError e) => new(null, e);

    private static DhcpDecodeError ParseField(ReadOnlySpan<byte> field, DhcpOptions options, bool main, ref int overload)
    {
        var i = 0;
        while (true)
        {
            var error = NextOption(field, ref i, out var code, out var value);
            if (error != DhcpDecodeError.None) return error;
            if (code == (byte)DhcpOptionCode.End) return DhcpDecodeError.None;
            if (code == (byte)DhcpOptionCode.OptionOverload)
            {
                if (!main || overload != 0) return DhcpDecodeError.OverloadLoop;
                if (value.Length != 1) return DhcpDecodeError.BadOptionLength;
                if (value[0] is < 1 or > 3) return DhcpDecodeError.BadOverloadValue;
                overload = value[0];
            }
            else
            {
                options.Append((DhcpOptionCode)code, value);
            }
        }
    }

    /// <summary>The option at <paramref name="i"/> in an options field (pads skipped), <paramref name="i"/> moved past it;
    /// END comes back as its code with no value. Shared by the decoder and <see cref="DhcpRoutingPeek"/>.</summary>
    internal static DhcpDecodeError NextOption(ReadOnlySpan<byte> field, ref int i, out byte code, out ReadOnlySpan<byte> value)
    {
        value = default;
        while (i < field.Length && field[i] == (byte)DhcpOptionCode.Pad) i++;
        code = 0;
        if (i >= field.Length) return DhcpDecodeError.MissingEnd;
        code = field[i];
        if (code == (byte)DhcpOptionCode.End) return DhcpDecodeError.None;
        if (i + 1 >= field.Length) return DhcpDecodeError.OptionOverrunsBuffer;
        int len = field[i + 1];
        if (i + 2 + len > field.Length) return DhcpDecodeError.OptionOverrunsBuffer;
        value = field.Slice(i + 2, len);
        i += 2 + len;
        return DhcpDecodeError.None;
    }

    /// <summary>
    /// Encodes in the order of packet.Options, splitting values over 255 bytes (RFC 3396), ending with END
    /// and padding to 300 bytes. When the options do not fit in <paramref name="maxMessageSize"/> bytes
    /// they overflow into file and then sname (option 52), if those fields are empty; what still does not
    /// fit is left out, later options first — except 53, without which the message means nothing.
    /// </summary>
    public static byte[] Encode(DhcpPacket packet, int maxMessageSize = 576)
    {
        var list = new List<KeyValuePair<DhcpOptionCode, byte[]>>(packet.Options.Count);
        foreach (var e in packet.Options)
            if (e.Key != DhcpOptionCode.OptionOverload) list.Add(e);
        return Encode(packet, list, DhcpOptionCode.Pad, maxMessageSize, keepServerId: false);
    }

    /// <summary>
    /// Encodes the given options in order. When some must be left out, later ones go first, then
    /// <paramref name="keepIfPossible"/> (option 82 goes last but must reach the relay), then 54 when
    /// <paramref name="keepServerId"/> (replies); 53 always stays.
    /// </summary>
    internal static byte[] Encode(DhcpPacket packet, IReadOnlyList<KeyValuePair<DhcpOptionCode, byte[]>> options,
        DhcpOptionCode keepIfPossible, int maxMessageSize, bool keepServerId = true)
    {
        var max = Math.Max(maxMessageSize, MinimumPacketSize);
        var n = options.Count;
        var sizes = new int[n];
        for (var i = 0; i < n; i++) sizes[i] = EncodedSize(options[i].Value.Length);

        var fileFree = IsEmpty(packet.BootFile);
        var snameFree = IsEmpty(packet.ServerName);
        Span<int> caps = stackalloc int[3];
        Span<int> kinds = stackalloc int[3];
        var areaOf = new int[n];
        var selected = new List<int>(n);
        for (var i = 0; i < n; i++) selected.Add(i);

        while (true)
        {
            // Without overload: the options field up to the size limit, END included.
            caps[0] = max - OptionsOffset - 1;
            if (Place(selected, sizes, caps[..1], areaOf))
                return Write(packet, options, selected, areaOf, overload: 0);

            if (fileFree || snameFree)
            {
                caps[0] = max - OptionsOffset - 1 - 3;
                var areas = 1;
                if (fileFree) { caps[areas] = DhcpPacket.BootFileLength - 1; kinds[areas++] = OverloadFile; }
                if (snameFree) { caps[areas] = DhcpPacket.ServerNameLength - 1; kinds[areas++] = OverloadSname; }
                if (Place(selected, sizes, caps[..areas], areaOf))
                {
                    var overload = 0;
                    foreach (var i in selected)
                    {
                        areaOf[i] = areaOf[i] == 0 ? 0 : kinds[areaOf[i]]; // from area index to the field it names
                        overload |= areaOf[i];
                    }
                    return Write(packet, options, selected, areaOf, overload);
                }
            }

            var drop = LastDroppable(selected, options, keepIfPossible, keepServerId);
            if (drop < 0) throw new InvalidOperationException("option 53 alone does not fit: unreachable for sizes >= 300");
            selected.RemoveAt(drop);
        }
    }

    // Position in `selected` of the option to leave out next: the last ordinary one, then the kept-if-possible one,
    // then 54 (a reply without its server identifier is void, RFC 2131 §4.3.1, so it outlives even the relay's 82).
    private static int LastDroppable(List<int> selected, IReadOnlyList<KeyValuePair<DhcpOptionCode, byte[]>> options,
        DhcpOptionCode keepIfPossible, bool keepServerId)
    {
        int kept = -1, serverId = -1;
        for (var s = selected.Count - 1; s >= 0; s--)
        {
            var code = options[selected[s]].Key;
            if (code == DhcpOptionCode.DhcpMessageType) continue;
            if (code == keepIfPossible) { if (kept < 0) kept = s; continue; }
            if (keepServerId && code == DhcpOptionCode.ServerIdentifier) { if (serverId < 0) serverId = s; continue; }
            return s;
        }
        return kept >= 0 ? kept : serverId;
    }

    // Fills the areas in order, never going back, so decode (which reads them in the same order) keeps the order.
    private static bool Place(List<int> selected, int[] sizes, Span<int> caps, int[] areaOf)
    {
        Span<int> used = stackalloc int[3];
        var area = 0;
        foreach (var i in selected)
        {
            while (area < caps.Length && used[area] + sizes[i] > caps[area]) area++;
            if (area == caps.Length) return false;
            used[area] += sizes[i];
            areaOf[i] = area;
        }
        return true;
    }

    private static byte[] Write(DhcpPacket p, IReadOnlyList<KeyValuePair<DhcpOptionCode, byte[]>> options,
        List<int> selected, int[] areaOf, int overload)
    {
        var mainBytes = overload != 0 ? 3 : 0;
        foreach (var i in selected)
            if (areaOf[i] == 0) mainBytes += EncodedSize(options[i].Value.Length);
        var length = Math.Max(MinimumPacketSize, OptionsOffset + mainBytes + 1);
        var b = new byte[length]; // Place kept OptionsOffset + mainBytes + 1 within max

        b[0] = (byte)p.Op;
        b[1] = p.HardwareType;
        b[2] = p.HardwareAddressLength;
        b[3] = p.Hops;
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), p.TransactionId);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(8), p.Seconds);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(10), p.Flags);
        p.ClientAddress.WriteTo(b.AsSpan(12));
        p.YourAddress.WriteTo(b.AsSpan(16));
        p.ServerAddress.WriteTo(b.AsSpan(20));
        p.RelayAddress.WriteTo(b.AsSpan(24));
        p.ClientHardwareAddress.CopyTo(b, ChaddrOffset);
        if ((overload & OverloadSname) == 0) p.ServerName.CopyTo(b, SnameOffset);
        if ((overload & OverloadFile) == 0) p.BootFile.CopyTo(b, FileOffset);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(CookieOffset), MagicCookie);

        var pos = OptionsOffset;
        if (overload != 0)
        {
            b[pos++] = (byte)DhcpOptionCode.OptionOverload;
            b[pos++] = 1;
            b[pos++] = (byte)overload;
        }
        pos = WriteArea(b, pos, options, selected, areaOf, 0);
        b[pos] = (byte)DhcpOptionCode.End;
        // Unused fields were copied above; used ones are zero here, so options + END + zero padding.
        if ((overload & OverloadFile) != 0)
            b[WriteArea(b, FileOffset, options, selected, areaOf, OverloadFile)] = (byte)DhcpOptionCode.End;
        if ((overload & OverloadSname) != 0)
            b[WriteArea(b, SnameOffset, options, selected, areaOf, OverloadSname)] = (byte)DhcpOptionCode.End;
        return b;
    }

    private static int WriteArea(byte[] b, int pos, IReadOnlyList<KeyValuePair<DhcpOptionCode, byte[]>> options,
        List<int> selected, int[] areaOf, int area)
    {
        foreach (var i in selected)
        {
            if (areaOf[i] != area) continue;
            var (code, value) = options[i];
            if (value.Length == 0)
            {
                b[pos++] = (byte)code;
                b[pos++] = 0;
                continue;
            }
            for (var at = 0; at < value.Length; at += 255)
            {
                var n = Math.Min(255, value.Length - at);
                b[pos++] = (byte)code;
                b[pos++] = (byte)n;
                value.AsSpan(at, n).CopyTo(b.AsSpan(pos));
                pos += n;
            }
        }
        return pos;
    }

    /// <summary>Bytes an option takes on the wire: code and length per 255-byte piece (RFC 3396).</summary>
    public static int EncodedSize(int valueLength) =>
        valueLength == 0 ? 2 : valueLength + 2 * ((valueLength + 254) / 255);

    private static bool IsEmpty(byte[] field) => !field.AsSpan().ContainsAnyExcept((byte)0);
}
