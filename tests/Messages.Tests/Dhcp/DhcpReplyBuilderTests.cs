using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Messages.Tests.Dhcp;

public class DhcpReplyBuilderTests
{
    private static readonly Ipv4Address ServerId = Ipv4Address.Parse("192.0.2.1");

    private static DhcpPacket Request(byte[]? prl, ushort? maxSize = null, bool relayed = false)
    {
        var p = new DhcpPacket
        {
            TransactionId = 0xCAFEBABE,
            Flags = 0x8000,
            Hops = 1,
            Seconds = 3,
            ClientMac = MacAddress.Parse("52:54:00:12:34:56"),
            ClientAddress = Ipv4Address.Parse("192.0.2.50"),
        };
        p.Options.MessageType = DhcpMessageType.Request;
        p.Options.RequestedAddress = Ipv4Address.Parse("192.0.2.50");
        p.Options.ClientIdentifier = [1, 0x52, 0x54, 0, 0x12, 0x34, 0x56];
        if (prl is not null) p.Options.ParameterRequestList = prl;
        if (maxSize is { } m) p.Options.MaximumMessageSize = m;
        if (relayed)
        {
            p.RelayAddress = Ipv4Address.Parse("198.51.100.1");
            p.Options.Set(DhcpOptionCode.RelayAgentInformation, RelayAgentInformationTests.Option82);
        }
        return p;
    }

    private static DhcpPacket FullAck(DhcpPacket request)
    {
        var r = DhcpReplyBuilder.CreateReply(request, DhcpMessageType.Ack, ServerId);
        r.YourAddress = Ipv4Address.Parse("192.0.2.50");
        var o = r.Options;
        o.SetString(DhcpOptionCode.TftpServerName, "tftp");                    // 66, not asked for
        o.NtpServers = [Ipv4Address.Parse("192.0.2.123")];                     // 42
        o.Routers = [Ipv4Address.Parse("192.0.2.254")];                        // 3
        o.SubnetMask = Ipv4Address.Parse("255.255.255.0");                     // 1
        o.RebindingTime = 3150;                                                // 59
        o.RenewalTime = 1800;                                                  // 58
        o.LeaseTime = 3600;                                                    // 51
        o.DomainNameServers = [Ipv4Address.Parse("192.0.2.53")];               // 6
        o.DomainName = "example.org";                                          // 15
        o.BroadcastAddress = Ipv4Address.Parse("192.0.2.255");                 // 28, not asked for
        o.ClasslessStaticRoutes = [new(Ipv4Address.Parse("10.0.0.0"), 8, Ipv4Address.Parse("192.0.2.254"))]; // 121
        o.RequestedAddress = Ipv4Address.Parse("192.0.2.50");                  // 50: never in replies
        o.MaximumMessageSize = 1500;                                           // 57: never in replies
        o.RapidCommit = true;                                                  // 80
        return r;
    }

    private static byte[] CodesOnTheWire(byte[] encoded) => WireOptions.Read(encoded).Select(o => o.Code).ToArray();

    [Fact]
    public void CreateReply_copies_what_RFC_2131_says_and_echoes_61_and_82()
    {
        var request = Request([1, 3], relayed: true);

        var reply = DhcpReplyBuilder.CreateReply(request, DhcpMessageType.Offer, ServerId);

        Assert.Equal(BootOp.BootReply, reply.Op);
        Assert.Equal(request.TransactionId, reply.TransactionId);
        Assert.Equal(request.Flags, reply.Flags);
        Assert.Equal(request.RelayAddress, reply.RelayAddress);
        Assert.Equal(request.ClientHardwareAddress, reply.ClientHardwareAddress);
        Assert.NotSame(request.ClientHardwareAddress, reply.ClientHardwareAddress);
        Assert.Equal(request.HardwareType, reply.HardwareType);
        Assert.Equal(request.HardwareAddressLength, reply.HardwareAddressLength);
        Assert.Equal(0, reply.Hops);
        Assert.Equal(Ipv4Address.Any, reply.ClientAddress); // OFFER: ciaddr 0
        Assert.Equal(DhcpMessageType.Offer, reply.MessageType);
        Assert.Equal(ServerId, reply.Options.ServerIdentifier);
        Assert.Equal(request.Options.ClientIdentifier, reply.Options.ClientIdentifier);
        Assert.Equal(RelayAgentInformationTests.Option82, reply.Options.Get(DhcpOptionCode.RelayAgentInformation));

        var ack = DhcpReplyBuilder.CreateReply(request, DhcpMessageType.Ack, ServerId);
        Assert.Equal(request.ClientAddress, ack.ClientAddress); // ACK: ciaddr from the request
    }

    [Fact]
    public void CreateReply_without_61_or_82_in_the_request_sends_neither()
    {
        var request = Request(null);
        request.Options.ClientIdentifier = null;
        var reply = DhcpReplyBuilder.CreateReply(request, DhcpMessageType.Nak, ServerId);
        Assert.Equal([DhcpOptionCode.DhcpMessageType, DhcpOptionCode.ServerIdentifier], reply.Options.Select(o => o.Key));
    }

    [Fact]
    public void Reply_options_follow_the_parameter_request_list()
    {
        var request = Request([121, 3, 1, 6, 15, 42, 119]);

        var bytes = DhcpReplyBuilder.EncodeReply(FullAck(request), request);

        // 53 54 51 first; then the PRL's order (119 is not in the reply); then the always-sent and echoed
        // rest ascending (58 59 61 80); 66 and 28 were not asked for; 50 and 57 are never sent.
        Assert.Equal(new byte[] { 53, 54, 51, 121, 3, 1, 6, 15, 42, 58, 59, 61, 80 }, CodesOnTheWire(bytes));
    }

    [Fact]
    public void Without_a_parameter_request_list_every_option_goes_ascending_after_53_54_51()
    {
        var request = Request(null);

        var bytes = DhcpReplyBuilder.EncodeReply(FullAck(request), request);

        Assert.Equal(new byte[] { 53, 54, 51, 1, 3, 6, 15, 28, 42, 58, 59, 61, 66, 80, 121 }, CodesOnTheWire(bytes));
    }

    [Fact]
    public void Option_82_goes_last_byte_for_byte_as_the_relay_sent_it()
    {
        var request = Request([1, 3, 6, 82], relayed: true);
        var reply = FullAck(request);
        reply.Options.Set(DhcpOptionCode.RelayAgentInformation, [1, 1, 9]); // a server must not rewrite it

        var bytes = DhcpReplyBuilder.EncodeReply(reply, request);

        var wire = WireOptions.Read(bytes);
        Assert.Equal(82, wire[^1].Code);
        Assert.Equal(RelayAgentInformationTests.Option82, wire[^1].Value);
        Assert.Equal(WireOptions.EndOffset(bytes), wire[^1].Offset + 2 + wire[^1].Value.Length);
        var decoded = DhcpCodec.Decode(bytes).Packet!;
        Assert.Equal(Ipv4Address.Parse("198.51.100.1"), decoded.RelayAddress);
    }

    [Fact]
    public void An_option_82_too_big_to_echo_is_left_out_before_the_server_identifier()
    {
        // Found by the reply property test: a relay's 82 larger than the whole reply may hold must not cost the reply
        // its option 54 (RFC 2131: every OFFER, ACK and NAK carries it).
        var request = Request([1, 3, 6]);
        request.RelayAddress = Ipv4Address.Parse("198.51.100.1");
        var huge = new byte[600];
        for (var i = 0; i < huge.Length; i += 200) { huge[i] = 9; huge[i + 1] = 198; }
        request.Options.Set(DhcpOptionCode.RelayAgentInformation, huge);
        var reply = DhcpReplyBuilder.CreateReply(request, DhcpMessageType.Ack, ServerId);

        var decoded = DhcpCodec.Decode(DhcpReplyBuilder.EncodeReply(reply, request)).Packet!;

        Assert.Equal(ServerId, decoded.Options.ServerIdentifier);
        Assert.False(decoded.Options.Contains(DhcpOptionCode.RelayAgentInformation));
    }

    [Fact]
    public void Option_82_is_never_originated_by_the_server()
    {
        var request = Request([1, 82]);
        var reply = FullAck(request);
        reply.Options.Set(DhcpOptionCode.RelayAgentInformation, [1, 1, 9]);
        Assert.DoesNotContain((byte)82, CodesOnTheWire(DhcpReplyBuilder.EncodeReply(reply, request)));
    }

    [Fact]
    public void Client_identifier_is_echoed_even_if_the_reply_dropped_it()
    {
        var request = Request([1]);
        var reply = FullAck(request);
        reply.Options.ClientIdentifier = null;

        var wire = WireOptions.Read(DhcpReplyBuilder.EncodeReply(reply, request));

        Assert.Equal(request.Options.ClientIdentifier, wire.Single(o => o.Code == 61).Value);
    }

    [Theory]
    [InlineData(null, 548)]
    [InlineData((ushort)576, 548)]
    [InlineData((ushort)300, 548)]    // below the RFC minimum: ignored
    [InlineData((ushort)1000, 972)]
    [InlineData((ushort)1500, 1472)]
    public void The_size_limit_is_the_request_57_less_IP_and_UDP_headers_but_never_under_548(ushort? requested, int limit) =>
        Assert.Equal(limit, DhcpReplyBuilder.MaxReplySize(Request(null, requested)));

    [Fact]
    public void A_reply_too_big_for_the_client_drops_its_later_options_but_keeps_82()
    {
        var request = Request(null, 576, relayed: true);
        var reply = FullAck(request);
        reply.BootFileText = "pxelinux.0"; // file and sname both in use: no overload possible
        reply.ServerNameText = "boot";
        for (var c = 224; c < 230; c++) reply.Options.Set((DhcpOptionCode)c, new byte[60]);

        var bytes = DhcpReplyBuilder.EncodeReply(reply, request);

        Assert.True(bytes.Length <= 548, $"{bytes.Length} bytes");
        var codes = CodesOnTheWire(bytes);
        Assert.Equal(new byte[] { 53, 54, 51 }, codes[..3]);
        Assert.Equal(82, codes[^1]);
        Assert.Contains((byte)224, codes);
        Assert.DoesNotContain((byte)229, codes); // the last of them did not fit
        Assert.True(DhcpCodec.Decode(bytes).Ok);
    }

    [Fact]
    public void A_client_allowing_larger_messages_gets_every_option_without_overload()
    {
        var request = Request(null, 1500);
        var reply = FullAck(request);
        for (var c = 224; c < 230; c++) reply.Options.Set((DhcpOptionCode)c, new byte[60]);

        var bytes = DhcpReplyBuilder.EncodeReply(reply, request);

        Assert.True(bytes.Length > 548);
        var codes = CodesOnTheWire(bytes);
        Assert.DoesNotContain((byte)52, codes);
        Assert.Contains((byte)229, codes);
    }

    [Fact]
    public void A_reply_too_big_for_548_uses_the_empty_file_and_sname_fields()
    {
        var request = Request(null);
        var reply = FullAck(request);
        for (var c = 224; c < 228; c++) reply.Options.Set((DhcpOptionCode)c, new byte[60]);

        var bytes = DhcpReplyBuilder.EncodeReply(reply, request);

        Assert.True(bytes.Length <= 548, $"{bytes.Length} bytes");
        var decoded = DhcpCodec.Decode(bytes);
        Assert.True(decoded.Ok, decoded.Error.ToString());
        Assert.Contains(WireOptions.Read(bytes), o => o.Code == 52);
        for (var c = 224; c < 228; c++) Assert.True(decoded.Packet!.Options.Contains((DhcpOptionCode)c), $"option {c}");
    }
}
