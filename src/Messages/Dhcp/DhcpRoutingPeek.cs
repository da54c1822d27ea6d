using System.Buffers.Binary;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Dhcp;

/// <summary>
/// The three fields that decide which cluster member answers a request (chaddr, option 54, option 61), read straight
/// from the datagram: every member receives every broadcast on its segment, and the members that leave one to its
/// owner should not pay for a full decode. Only a plain request is read; anything else (a reply, option overload, an
/// option that repeats, overruns or has the wrong length for these three, no message type) returns false and goes
/// through <see cref="DhcpCodec.Decode"/> as before.
/// </summary>
public static class DhcpRoutingPeek
{
    private const int ChaddrOffset = 28, CookieOffset = 236;

    public static bool TryRead(ReadOnlySpan<byte> d, out MacAddress mac, out Ipv4Address? serverId, out ReadOnlySpan<byte> clientId)
    {
        mac = default;
        serverId = null;
        clientId = default;
        if (d.Length < DhcpCodec.OptionsOffset || d[0] != (byte)BootOp.BootRequest || d[2] > DhcpPacket.ChaddrLength
            || BinaryPrimitives.ReadUInt32BigEndian(d[CookieOffset..]) != DhcpCodec.MagicCookie)
            return false;
        mac = MacAddress.FromBytes(d.Slice(ChaddrOffset, 6));
        bool sawType = false, sawServer = false, sawClient = false;
        var field = d[DhcpCodec.OptionsOffset..];
        var i = 0;
        while (i < field.Length)
        {
            var code = field[i];
            if (code == (byte)DhcpOptionCode.Pad) { i++; continue; }
            if (code == (byte)DhcpOptionCode.End) return sawType;
            if (i + 1 >= field.Length) return false;
            int len = field[i + 1];
            if (i + 2 + len > field.Length) return false;
            var value = field.Slice(i + 2, len);
            switch ((DhcpOptionCode)code)
            {
                case DhcpOptionCode.OptionOverload:
                    return false;
                case DhcpOptionCode.DhcpMessageType:
                    if (sawType || len != 1) return false;
                    sawType = true;
                    break;
                case DhcpOptionCode.ServerIdentifier:
                    if (sawServer || len != 4) return false;
                    sawServer = true;
                    serverId = Ipv4Address.FromBytes(value);
                    break;
                case DhcpOptionCode.ClientIdentifier:
                    if (sawClient || len < 2) return false;
                    sawClient = true;
                    clientId = value;
                    break;
            }
            i += 2 + len;
        }
        return false; // no END
    }
}
