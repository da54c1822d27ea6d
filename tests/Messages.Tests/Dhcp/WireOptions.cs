namespace StaticDhcpd.Messages.Tests.Dhcp;

/// <summary>
/// An independent reader of the main options field of an encoded message (not the codec under test):
/// each option as it sits on the wire, with its offset.
/// </summary>
internal static class WireOptions
{
    public sealed record Raw(byte Code, int Offset, byte[] Value);

    public static List<Raw> Read(byte[] packet, int start = 240, int length = -1)
    {
        var end = length < 0 ? packet.Length : start + length;
        var list = new List<Raw>();
        var i = start;
        while (i < end && packet[i] != 255)
        {
            if (packet[i] == 0) { i++; continue; }
            list.Add(new Raw(packet[i], i, packet.AsSpan(i + 2, packet[i + 1]).ToArray()));
            i += 2 + packet[i + 1];
        }
        if (i >= end) throw new InvalidDataException("no END option");
        return list;
    }

    /// <summary>Offset of the END option of the main field.</summary>
    public static int EndOffset(byte[] packet)
    {
        var i = 240;
        while (packet[i] != 255) i += packet[i] == 0 ? 1 : 2 + packet[i + 1];
        return i;
    }

    public static byte[] Option(byte code, params byte[] value) => [code, (byte)value.Length, .. value];

    /// <summary>A BOOTP header (op, xid, chaddr 02:00:00:00:00:01), the cookie, then the given option bytes.</summary>
    public static byte[] Packet(byte[] options, byte op = 1)
    {
        var b = new byte[240 + options.Length];
        b[0] = op;
        b[1] = 1;
        b[2] = 6;
        b[4] = 0xDE; b[5] = 0xAD; b[6] = 0xBE; b[7] = 0xEF;
        b[28] = 0x02; b[33] = 0x01;
        b[236] = 0x63; b[237] = 0x82; b[238] = 0x53; b[239] = 0x63;
        options.CopyTo(b, 240);
        return b;
    }
}
