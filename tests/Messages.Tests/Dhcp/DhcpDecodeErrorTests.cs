using StaticDhcpd.Messages.Dhcp;
using Xunit;
using static StaticDhcpd.Messages.Tests.Dhcp.WireOptions;

namespace StaticDhcpd.Messages.Tests.Dhcp;

public class DhcpDecodeErrorTests
{
    private static readonly byte[] Discover = [.. Option(53, 1)];

    private static DhcpDecodeError ErrorOf(byte[] datagram)
    {
        var r = DhcpCodec.Decode(datagram);
        Assert.Equal(r.Ok, r.Packet is not null);
        return r.Error;
    }

    [Fact]
    public void A_well_formed_discover_decodes() =>
        Assert.Equal(DhcpDecodeError.None, ErrorOf(Packet([.. Discover, 255])));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(235)]
    [InlineData(239)]
    public void Short_datagrams_are_truncated_headers(int length) =>
        Assert.Equal(DhcpDecodeError.TruncatedHeader, ErrorOf(Packet([.. Discover, 255])[..length]));

    [Fact]
    public void A_wrong_cookie_is_reported()
    {
        var b = Packet([.. Discover, 255]);
        b[239] = 0x64;
        Assert.Equal(DhcpDecodeError.BadMagicCookie, ErrorOf(b));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void An_unknown_op_is_reported(byte op) =>
        Assert.Equal(DhcpDecodeError.BadOp, ErrorOf(Packet([.. Discover, 255], op)));

    [Fact]
    public void A_hardware_address_longer_than_chaddr_is_reported()
    {
        var b = Packet([.. Discover, 255]);
        b[2] = 17;
        Assert.Equal(DhcpDecodeError.BadHardwareAddressLength, ErrorOf(b));
    }

    [Fact]
    public void An_option_length_past_the_end_is_reported() =>
        Assert.Equal(DhcpDecodeError.OptionOverrunsBuffer, ErrorOf(Packet([.. Discover, 12, 10, (byte)'a', (byte)'b'])));

    [Fact]
    public void An_option_code_without_its_length_byte_is_reported() =>
        Assert.Equal(DhcpDecodeError.OptionOverrunsBuffer, ErrorOf(Packet([.. Discover, 12])));

    [Fact]
    public void Options_without_END_are_reported()
    {
        Assert.Equal(DhcpDecodeError.MissingEnd, ErrorOf(Packet([.. Discover])));
        Assert.Equal(DhcpDecodeError.MissingEnd, ErrorOf(Packet([.. Discover, 0, 0, 0])));
        Assert.Equal(DhcpDecodeError.MissingEnd, ErrorOf(Packet([])));
    }

    [Theory]
    [InlineData(new byte[] { 53, 2, 1, 1 })]           // message type is one byte
    [InlineData(new byte[] { 53, 0 })]                 // zero length where data is required
    [InlineData(new byte[] { 53, 1, 1, 50, 3, 10, 0, 0 })]      // requested address is four bytes
    [InlineData(new byte[] { 53, 1, 1, 54, 5, 10, 0, 0, 1, 1 })] // server identifier is four bytes
    [InlineData(new byte[] { 53, 1, 1, 12, 0 })]       // empty host name
    [InlineData(new byte[] { 53, 1, 1, 3, 6, 1, 2, 3, 4, 5, 6 })] // routers come in fours
    [InlineData(new byte[] { 53, 1, 1, 57, 1, 2 })]    // maximum message size is two bytes
    [InlineData(new byte[] { 53, 1, 1, 61, 1, 1 })]    // client identifier needs type + id
    [InlineData(new byte[] { 53, 1, 1, 80, 1, 0 })]    // rapid commit carries nothing
    [InlineData(new byte[] { 53, 1, 1, 52, 2, 1, 1 })] // overload is one byte
    public void Options_of_the_wrong_length_are_reported(byte[] options) =>
        Assert.Equal(DhcpDecodeError.BadOptionLength, ErrorOf(Packet([.. options, 255])));

    [Fact]
    public void A_message_without_option_53_is_plain_BOOTP_and_refused() =>
        Assert.Equal(DhcpDecodeError.MissingMessageType, ErrorOf(Packet([.. Option(12, (byte)'a'), 255])));

    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    public void An_undefined_message_type_is_reported(byte type) =>
        Assert.Equal(DhcpDecodeError.BadMessageType, ErrorOf(Packet([.. Option(53, type), 255])));

    [Fact]
    public void Overload_repeated_in_the_options_field_is_a_loop() =>
        Assert.Equal(DhcpDecodeError.OverloadLoop, ErrorOf(Packet([.. Discover, 52, 1, 1, 52, 1, 1, 255])));

    [Fact]
    public void Overload_inside_the_file_field_points_into_itself()
    {
        var b = Packet([.. Discover, 52, 1, 1, 255]);
        b[108] = 52; b[109] = 1; b[110] = 1; b[111] = 255;
        Assert.Equal(DhcpDecodeError.OverloadLoop, ErrorOf(b));
    }

    [Fact]
    public void Overload_inside_the_sname_field_points_into_itself()
    {
        var b = Packet([.. Discover, 52, 1, 2, 255]);
        b[44] = 52; b[45] = 1; b[46] = 2; b[47] = 255;
        Assert.Equal(DhcpDecodeError.OverloadLoop, ErrorOf(b));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(255)]
    public void Overload_values_other_than_1_2_3_are_reported(byte value) =>
        Assert.Equal(DhcpDecodeError.BadOverloadValue, ErrorOf(Packet([.. Discover, 52, 1, value, 255])));

    [Fact]
    public void An_overloaded_file_field_without_END_is_reported()
    {
        var b = Packet([.. Discover, 52, 1, 1, 255]);
        b.AsSpan(108, 128).Fill(0); // all pad, no END
        Assert.Equal(DhcpDecodeError.MissingEnd, ErrorOf(b));
    }

    [Fact]
    public void An_option_in_the_file_field_running_past_it_is_reported()
    {
        var b = Packet([.. Discover, 52, 1, 1, 255]);
        b[232] = 12; b[233] = 10; // would run over the cookie
        Assert.Equal(DhcpDecodeError.OptionOverrunsBuffer, ErrorOf(b));
    }
}
