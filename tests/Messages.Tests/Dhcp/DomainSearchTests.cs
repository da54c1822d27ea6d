using StaticDhcpd.Messages.Dhcp;
using Xunit;
using static StaticDhcpd.Messages.Tests.Dhcp.WireOptions;

namespace StaticDhcpd.Messages.Tests.Dhcp;

/// <summary>RFC 3397 option 119: RFC 1035 names with compression pointers.</summary>
public class DomainSearchTests
{
    /// <summary>The value of the RFC 3397 §2 example: "eng.apple.com." and "marketing.apple.com.".</summary>
    private static readonly byte[] RfcExampleValue =
    [
        3, (byte)'e', (byte)'n', (byte)'g', 5, (byte)'a', (byte)'p', (byte)'p', (byte)'l', (byte)'e',
        3, (byte)'c', (byte)'o', (byte)'m', 0,
        9, (byte)'m', (byte)'a', (byte)'r', (byte)'k', (byte)'e', (byte)'t', (byte)'i', (byte)'n', (byte)'g', 0xC0, 0x04,
    ];

    [Fact]
    public void Encoding_matches_the_RFC_example_with_its_compression_pointer()
    {
        var o = new DhcpOptions { DomainSearch = ["eng.apple.com", "marketing.apple.com."] };
        Assert.Equal(RfcExampleValue, o.Get(DhcpOptionCode.DomainSearch));
    }

    [Fact]
    public void The_RFC_example_as_three_9_byte_instances_decodes_to_both_names()
    {
        // The RFC shows the option split into three 119 instances of 9 bytes each (RFC 3396).
        var bytes = Packet(
        [
            .. Option(53, 5),
            .. Option(119, RfcExampleValue[..9]),
            .. Option(119, RfcExampleValue[9..18]),
            .. Option(119, RfcExampleValue[18..]),
            255,
        ]);
        var r = DhcpCodec.Decode(bytes);
        Assert.True(r.Ok, r.Error.ToString());
        Assert.Equal(["eng.apple.com", "marketing.apple.com"], r.Packet!.Options.DomainSearch!);
    }

    [Fact]
    public void Names_without_shared_suffixes_are_written_in_full()
    {
        var o = new DhcpOptions { DomainSearch = ["a.b", "c.d"] };
        Assert.Equal(new byte[] { 1, (byte)'a', 1, (byte)'b', 0, 1, (byte)'c', 1, (byte)'d', 0 }, o.Get(DhcpOptionCode.DomainSearch));
        Assert.Equal(["a.b", "c.d"], o.DomainSearch!);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x00 })]                    // pointer to itself
    [InlineData(new byte[] { 1, (byte)'a', 0xC0, 0x00 })]      // pointer back into its own name: a loop
    [InlineData(new byte[] { 1, (byte)'a', 0, 0xC0, 0x10 })]   // pointer forwards
    [InlineData(new byte[] { 5, (byte)'a', (byte)'b' })]       // label past the end
    [InlineData(new byte[] { 1, (byte)'a' })]                  // no terminating zero
    [InlineData(new byte[] { 1, (byte)'a', 0, 0xC0 })]         // half a pointer
    [InlineData(new byte[] { 0x40, 0 })]                       // reserved label type
    public void Malformed_lists_read_as_null(byte[] value)
    {
        var o = new DhcpOptions();
        o.Set(DhcpOptionCode.DomainSearch, value);
        Assert.Null(o.DomainSearch);
    }

    [Fact]
    public void Chained_pointers_are_followed()
    {
        // "c.d", "b.c.d" (pointer to 0), "a.b.c.d" (pointer to "b.c.d" at 5).
        byte[] value = [1, (byte)'c', 1, (byte)'d', 0, 1, (byte)'b', 0xC0, 0, 1, (byte)'a', 0xC0, 5];
        var o = new DhcpOptions();
        o.Set(DhcpOptionCode.DomainSearch, value);
        Assert.Equal(["c.d", "b.c.d", "a.b.c.d"], o.DomainSearch!);
        Assert.Equal(value, new DhcpOptions { DomainSearch = ["c.d", "b.c.d", "a.b.c.d"] }.Get(DhcpOptionCode.DomainSearch));
    }

    [Fact]
    public void Bad_labels_are_refused_on_encode()
    {
        Assert.Throws<ArgumentException>(() => new DhcpOptions { DomainSearch = ["a..b"] });
        Assert.Throws<ArgumentException>(() => new DhcpOptions { DomainSearch = [new string('x', 64) + ".com"] });
    }
}
