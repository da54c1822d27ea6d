using CsCheck;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Tests.Dhcp;

/// <summary>CsCheck generators of well-formed packets: every option gets a value its catalogue type accepts.</summary>
internal static class DhcpGenerators
{
    private static Gen<byte[]> ValueFor(byte code)
    {
        var info = DhcpOptionCatalog.Get((DhcpOptionCode)code);
        return info.Type switch
        {
            DhcpOptionValueType.Empty => Gen.Const(Array.Empty<byte>()),
            DhcpOptionValueType.Address or DhcpOptionValueType.UInt32 or DhcpOptionValueType.Int32 => Gen.Byte.Array[4],
            DhcpOptionValueType.Addresses => Gen.Int[1, 6].SelectMany(n => Gen.Byte.Array[4 * n]),
            DhcpOptionValueType.AddressPairs => Gen.Int[1, 3].SelectMany(n => Gen.Byte.Array[8 * n]),
            DhcpOptionValueType.Byte or DhcpOptionValueType.Bool => Gen.Byte.Array[1],
            DhcpOptionValueType.UInt16 => Gen.Byte.Array[2],
            DhcpOptionValueType.UInt16s => Gen.Int[1, 5].SelectMany(n => Gen.Byte.Array[2 * n]),
            // Strings, byte lists, raw and structured options: any bytes, sometimes past 255 (RFC 3396).
            _ => Gen.Frequency((4, Gen.Byte.Array[info.MinLength, 40]), (1, Gen.Byte.Array[Math.Max(info.MinLength, 200), 600])),
        };
    }

    private static readonly Gen<(byte Code, byte[] Value)> AnyOption =
        Gen.Byte.Where(c => c is not (0 or 255 or 52 or 53)).SelectMany(c => ValueFor(c).Select(v => (c, v)));

    private static readonly Gen<byte[]> Field64 = Gen.Bool.SelectMany(used => used ? Gen.Byte.Array[64] : Gen.Const(0).Select(_ => new byte[64]));
    private static readonly Gen<byte[]> Field128 = Gen.Bool.SelectMany(used => used ? Gen.Byte.Array[128] : Gen.Const(0).Select(_ => new byte[128]));

    public static readonly Gen<DhcpPacket> Packet =
        Gen.Select(
            Gen.Select(Gen.Int[1, 2], Gen.Byte, Gen.Int[0, 16], Gen.Byte, Gen.UInt, Gen.UShort, Gen.UShort),
            Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, Gen.Byte.Array[16], Field64, Field128),
            Gen.Select(AnyOption.Array[0, 12], Gen.Int[0, 12], Gen.Int[1, 18]),
            (h, a, o) =>
            {
                var p = new DhcpPacket
                {
                    Op = (BootOp)h.Item1, HardwareType = h.Item2, HardwareAddressLength = (byte)h.Item3, Hops = h.Item4,
                    TransactionId = h.Item5, Seconds = h.Item6, Flags = h.Item7,
                    ClientAddress = new Ipv4Address(a.Item1), YourAddress = new Ipv4Address(a.Item2),
                    ServerAddress = new Ipv4Address(a.Item3), RelayAddress = new Ipv4Address(a.Item4),
                    ClientHardwareAddress = a.Item5, ServerName = a.Item6, BootFile = a.Item7,
                };
                var (options, typeAt, type) = o;
                var added = 0;
                foreach (var (code, value) in options)
                {
                    if (added == Math.Min(typeAt, options.Length)) p.Options.MessageType = (DhcpMessageType)type;
                    if (p.Options.Contains((DhcpOptionCode)code)) continue;
                    p.Options.Set((DhcpOptionCode)code, value);
                    added++;
                }
                p.Options.MessageType ??= (DhcpMessageType)type;
                return p;
            });

    /// <summary>Encoded well-formed packets, with room for every option.</summary>
    public static readonly Gen<byte[]> Encoded = Packet.Select(p => DhcpCodec.Encode(p, 8192));
}
