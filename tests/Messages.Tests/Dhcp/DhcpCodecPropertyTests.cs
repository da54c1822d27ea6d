using CsCheck;
using StaticDhcpd.Messages.Dhcp;
using Xunit;

namespace StaticDhcpd.Messages.Tests.Dhcp;

/// <summary>Decode never throws on any bytes, and what encode writes decodes back field by field.</summary>
public class DhcpCodecPropertyTests
{
    private const int Iterations = 3000;

    /// <summary>Decodes without throwing; when it accepts, re-encoding and decoding again gives the same packet.</summary>
    private static void DecodeIsTotalAndStable(byte[] datagram)
    {
        var r = DhcpCodec.Decode(datagram);
        Assert.Equal(r.Ok, r.Packet is not null);
        if (!r.Ok) return;
        var again = DhcpCodec.Decode(DhcpCodec.Encode(r.Packet!, 8192));
        Assert.True(again.Ok, again.Error.ToString());
        PacketAssert.Equal(r.Packet!, again.Packet!);
    }

    [Fact]
    public void Valid_packets_round_trip()
    {
        DhcpGenerators.Packet.Sample(p =>
        {
            var r = DhcpCodec.Decode(DhcpCodec.Encode(p, 8192));
            Assert.True(r.Ok, r.Error.ToString());
            PacketAssert.Equal(p, r.Packet!);
        }, iter: Iterations);
    }

    [Fact]
    public void Size_limited_packets_keep_53_and_a_prefix_of_the_other_options()
    {
        Gen.Select(DhcpGenerators.Packet, Gen.Int[300, 1500]).Sample((p, max) =>
        {
            var bytes = DhcpCodec.Encode(p, max);
            Assert.InRange(bytes.Length, 300, max);
            var r = DhcpCodec.Decode(bytes);
            Assert.True(r.Ok, r.Error.ToString());
            // Options are left out from the end, except 53 which always stays.
            var sent = PacketAssert.Describe(p.Options);
            var got = PacketAssert.Describe(r.Packet!.Options);
            var sentRest = sent.Where(o => !o.StartsWith("53:")).ToArray();
            var gotRest = got.Where(o => !o.StartsWith("53:")).ToArray();
            Assert.Equal(sentRest.Take(gotRest.Length), gotRest);
            Assert.Equal(p.MessageType, r.Packet.MessageType);
            Assert.Equal(p.TransactionId, r.Packet.TransactionId);
            Assert.Equal(p.ClientHardwareAddress, r.Packet.ClientHardwareAddress);
            if (got.Length == sent.Length) PacketAssert.Equal(p, r.Packet);
        }, iter: Iterations);
    }

    [Fact]
    public void Random_bytes_never_throw() =>
        Gen.Byte.Array[0, 700].Sample(DecodeIsTotalAndStable, iter: Iterations * 3);

    [Fact]
    public void Random_options_behind_a_valid_header_never_throw()
    {
        Gen.Select(Gen.Byte.Array[0, 400], Gen.Byte.Array[236]).Sample((options, header) =>
        {
            var b = WireOptions.Packet(options);
            header.CopyTo(b, 0);
            b[0] = 1;
            b[2] = 6;
            DecodeIsTotalAndStable(b);
            // The same options with an overload option in front, so sname and file get parsed too.
            DecodeIsTotalAndStable(WireOptions.Packet([52, 1, (byte)(1 + header[0] % 3), 53, 1, 1, .. options]));
        }, iter: Iterations * 3);
    }

    [Fact]
    public void Bit_flips_in_valid_packets_never_throw()
    {
        Gen.Select(DhcpGenerators.Encoded, Gen.Int[0, int.MaxValue].Array[1, 8]).Sample((bytes, flips) =>
        {
            foreach (var f in flips) bytes[f % bytes.Length] ^= (byte)(1 << (f / bytes.Length % 8));
            DecodeIsTotalAndStable(bytes);
        }, iter: Iterations);
    }

    [Fact]
    public void Truncated_valid_packets_never_throw()
    {
        Gen.Select(DhcpGenerators.Encoded, Gen.Double[0, 1]).Sample((bytes, cut) =>
            DecodeIsTotalAndStable(bytes[..(int)(bytes.Length * cut)]), iter: Iterations);
    }

    [Fact]
    public void Changed_length_bytes_in_valid_packets_never_throw()
    {
        Gen.Select(DhcpGenerators.Encoded, Gen.Int[0, 1000], Gen.Byte).Sample((bytes, which, length) =>
        {
            var wire = WireOptions.Read(bytes);
            if (wire.Count == 0) return;
            bytes[wire[which % wire.Count].Offset + 1] = length;
            DecodeIsTotalAndStable(bytes);
        }, iter: Iterations);
    }

    [Fact]
    public void Replies_stay_within_the_client_limit_and_decode()
    {
        Gen.Select(DhcpGenerators.Packet, DhcpGenerators.Packet, Gen.Byte.Array[0, 30], Gen.UShort).Sample((request, reply, prl, max) =>
        {
            if (prl.Length > 0) request.Options.ParameterRequestList = prl; else request.Options.ParameterRequestList = null;
            request.Options.MaximumMessageSize = max;
            request.Options.SetByte(DhcpOptionCode.OptionOverload, null);
            var built = DhcpReplyBuilder.CreateReply(request, DhcpMessageType.Ack, new Net.Ipv4Address(0xC0000201));
            foreach (var (code, value) in reply.Options)
                if (code is not (DhcpOptionCode.DhcpMessageType or DhcpOptionCode.ServerIdentifier)) built.Options.Set(code, value);

            var bytes = DhcpReplyBuilder.EncodeReply(built, request);

            Assert.InRange(bytes.Length, 300, DhcpReplyBuilder.MaxReplySize(request));
            var r = DhcpCodec.Decode(bytes);
            Assert.True(r.Ok, r.Error.ToString());
            Assert.Equal([DhcpOptionCode.DhcpMessageType, DhcpOptionCode.ServerIdentifier], r.Packet!.Options.Take(2).Select(o => o.Key));
            foreach (var never in new[] { 50, 55, 57, 22 })
                Assert.False(r.Packet.Options.Contains((DhcpOptionCode)never), $"option {never} in a reply");
        }, iter: Iterations);
    }
}
