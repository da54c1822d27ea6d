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
    public static bool TryRead(ReadOnlySpan<byte> d, out MacAddress mac, out Ipv4Address? serverId, out ReadOnlySpan<byte> clientId)
    {
        mac = default;
        serverId = null;
        clientId = default;
        if (d.Length < DhcpCodec.OptionsOffset || d[0] != (byte)BootOp.BootRequest || d[2] > DhcpPacket.ChaddrLength
            || BinaryPrimitives.ReadUInt32BigEndian(d[DhcpCodec.CookieOffset..]) != DhcpCodec.MagicCookie)
            return false;
        mac = MacAddress.FromBytes(d.Slice(DhcpCodec.ChaddrOffset, 6));
        bool sawType = false, sawServer = false, sawClient = false;
        var field = d[DhcpCodec.OptionsOffset..];
        var i = 0;
        while (DhcpCodec.NextOption(field, ref i, out var code, out var value) == DhcpDecodeError.None)
        {
            switch ((DhcpOptionCode)code)
            {
                case DhcpOptionCode.End:
                    return sawType;
                case DhcpOptionCode.OptionOverload:
                    return false;
                case DhcpOptionCode.DhcpMessageType:
                    if (sawType || value.Length != 1) return false;
                    sawType = true;
                    break;
                case DhcpOptionCode.ServerIdentifier:
                    if (sawServer || value.Length != 4) return false;
                    sawServer = true;
                    serverId = Ipv4Address.FromBytes(value);
                    break;
                case DhcpOptionCode.ClientIdentifier:
                    if (sawClient || value.Length < 2) return false;
                    sawClient = true;
                    clientId = field.Slice(i - value.Length, value.Length); // the value, as a slice of the datagram
                    break;
            }
        }
        return false; // overruns, or no END
    }
}
