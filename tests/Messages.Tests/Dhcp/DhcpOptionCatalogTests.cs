using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Messages.Tests.Dhcp;

public class DhcpOptionCatalogTests
{
    /// <summary>RFC 2132 defines 1..61 and 64..76 (62/63 are RFC 2242's NetWare options).</summary>
    public static TheoryData<byte> Rfc2132Codes()
    {
        var d = new TheoryData<byte>();
        for (var c = 1; c <= 76; c++)
            if (c is not (62 or 63)) d.Add((byte)c);
        return d;
    }

    [Theory]
    [MemberData(nameof(Rfc2132Codes))]
    public void Every_RFC_2132_option_is_named_and_typed(byte code)
    {
        var info = DhcpOptionCatalog.Get((DhcpOptionCode)code);
        Assert.True(info.IsKnown);
        Assert.True(Enum.IsDefined((DhcpOptionCode)code));
        Assert.NotEqual($"Option{code}", info.Name);
        Assert.True(Enum.TryParse<DhcpOptionCode>(info.Name, out var parsed) && (byte)parsed == code,
            $"catalogue name {info.Name} is the enum member's name");
    }

    [Theory]
    [MemberData(nameof(Rfc2132Codes))]
    public void Every_RFC_2132_option_survives_the_codec_through_its_catalogue_type(byte code)
    {
        var c = (DhcpOptionCode)code;
        if (c == DhcpOptionCode.OptionOverload) return; // the codec's own business, tested in OptionOverloadTests
        var info = DhcpOptionCatalog.Get(c);
        var value = SampleValue(info);
        var p = new DhcpPacket();
        p.Options.MessageType = DhcpMessageType.Ack;
        p.Options.Set(c, value);

        var r = DhcpCodec.Decode(DhcpCodec.Encode(p, 1500));

        Assert.True(r.Ok, r.Error.ToString());
        Assert.Equal(value, r.Packet!.Options.Get(c));
        Assert.NotNull(r.Packet.Options.GetValue(c));
        Assert.NotNull(r.Packet.Options.Describe(c));
    }

    [Theory]
    [InlineData(80, DhcpOptionValueType.Empty)]
    [InlineData(82, DhcpOptionValueType.RelayAgentInformation)]
    [InlineData(118, DhcpOptionValueType.Address)]
    [InlineData(119, DhcpOptionValueType.DomainNames)]
    [InlineData(121, DhcpOptionValueType.ClasslessRoutes)]
    public void The_later_RFCs_are_catalogued(byte code, DhcpOptionValueType type)
    {
        var info = DhcpOptionCatalog.Get((DhcpOptionCode)code);
        Assert.True(info.IsKnown);
        Assert.Equal(type, info.Type);
    }

    [Fact]
    public void Unknown_codes_are_raw()
    {
        var info = DhcpOptionCatalog.Get((DhcpOptionCode)224);
        Assert.False(info.IsKnown);
        Assert.Equal(DhcpOptionValueType.Raw, info.Type);
        Assert.Equal("Option224", info.Name);
    }

    [Fact]
    public void Typed_value_follows_the_catalogue()
    {
        var o = new DhcpOptions();
        o.SetAddresses(DhcpOptionCode.SmtpServer, [Ipv4Address.Parse("192.0.2.25")]);
        o.SetUInt32(DhcpOptionCode.TcpKeepaliveInterval, 75);
        o.SetString(DhcpOptionCode.RootPath, "/srv/root");
        Assert.Equal([Ipv4Address.Parse("192.0.2.25")], Assert.IsAssignableFrom<IReadOnlyList<Ipv4Address>>(o.GetValue(DhcpOptionCode.SmtpServer)));
        Assert.Equal(75u, o.GetValue(DhcpOptionCode.TcpKeepaliveInterval));
        Assert.Equal("/srv/root", o.GetValue(DhcpOptionCode.RootPath));
        Assert.Equal("192.0.2.25", o.Describe(DhcpOptionCode.SmtpServer));
    }

    private static byte[] SampleValue(DhcpOptionInfo info) => info.Type switch
    {
        DhcpOptionValueType.Address => [192, 0, 2, 1],
        DhcpOptionValueType.Addresses => [192, 0, 2, 1, 192, 0, 2, 2],
        DhcpOptionValueType.AddressPairs => [192, 0, 2, 0, 255, 255, 255, 0],
        DhcpOptionValueType.Byte => [8],
        DhcpOptionValueType.Bool => [1],
        DhcpOptionValueType.UInt16 => [0x05, 0xDC],
        DhcpOptionValueType.UInt16s => [0, 68, 0x05, 0xDC],
        DhcpOptionValueType.UInt32 or DhcpOptionValueType.Int32 => [0, 0, 0x0E, 0x10],
        DhcpOptionValueType.String => "value"u8.ToArray(),
        DhcpOptionValueType.Bytes => [1, 2, 3],
        _ => [0xAB, 0xCD],
    };
}
