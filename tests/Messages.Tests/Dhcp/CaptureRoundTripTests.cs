using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Messages.Tests.Dhcp;

/// <summary>
/// Packets captured from real clients (dhclient, udhcpc, dhcpcd), a relay (dhcrelay) and a server (Kea):
/// TestData/captures/*.bin, each the UDP payload of one packet, named after the sender and message type
/// (TestData/make-captures.sh records them inside network namespaces).
/// </summary>
public class CaptureRoundTripTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "captures");

    private static List<string> CaptureNames() => Directory.Exists(Folder)
        ? Directory.GetFiles(Folder, "*.bin").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
        : [];

    public static TheoryData<string> Captures() => new(CaptureNames());

    private static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    private static DhcpMessageType TypeNamedIn(string file)
    {
        foreach (var token in Path.GetFileNameWithoutExtension(file).Split('-', '_', '.'))
            if (Enum.TryParse<DhcpMessageType>(token, ignoreCase: true, out var t) && !int.TryParse(token, out _)) return t;
        throw new Xunit.Sdk.XunitException($"{file} names no DHCP message type (like dhclient-discover.bin)");
    }

    private static bool IsFromClient(DhcpMessageType t) => t is DhcpMessageType.Discover or DhcpMessageType.Request
        or DhcpMessageType.Decline or DhcpMessageType.Release or DhcpMessageType.Inform;

    [Fact]
    public void The_capture_folder_holds_captures()
    {
        var names = CaptureNames();
        Assert.True(names.Count > 0, $"no *.bin captures in {Folder}");
        Assert.Contains(names, n => IsFromClient(TypeNamedIn(n)));
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void A_capture_decodes_with_its_message_type_and_a_hardware_address(string file)
    {
        var r = DhcpCodec.Decode(Load(file));

        Assert.True(r.Ok, $"{file}: {r.Error}");
        var p = r.Packet!;
        var type = TypeNamedIn(file);
        Assert.Equal(type, p.MessageType);
        Assert.Equal(IsFromClient(type) ? BootOp.BootRequest : BootOp.BootReply, p.Op);
        // Ethernet chaddr: 6 bytes of a unicast MAC, the rest of the 16-byte field zero.
        Assert.Equal(1, p.HardwareType);
        Assert.Equal(6, p.HardwareAddressLength);
        Assert.NotEqual(0ul, p.ClientMac.Value);
        Assert.Equal(0, p.ClientHardwareAddress[0] & 1);
        Assert.All(p.ClientHardwareAddress[6..], b => Assert.Equal(0, b));
        if (!IsFromClient(type))
        {
            Assert.NotNull(p.Options.ServerIdentifier);
            if (type != DhcpMessageType.Nak) Assert.False(p.YourAddress.IsAny);
        }
        if (p.Options.Contains(DhcpOptionCode.RelayAgentInformation))
            Assert.NotNull(p.Options.RelayAgentInformation);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Re_encoding_a_capture_reproduces_header_and_options_byte_for_byte(string file)
    {
        var raw = Load(file);
        if (WireOptions.Read(raw).Any(o => o.Code == (byte)DhcpOptionCode.OptionOverload)) return; // layout is ours to choose then

        var encoded = DhcpCodec.Encode(DhcpCodec.Decode(raw).Packet!, Math.Max(576, raw.Length));

        var end = WireOptions.EndOffset(raw);
        Assert.Equal(Convert.ToHexString(raw[..240]), Convert.ToHexString(encoded[..240]));
        Assert.Equal(Convert.ToHexString(raw[240..(end + 1)]), Convert.ToHexString(encoded[240..(end + 1)]));
        Assert.All(encoded[(end + 1)..], b => Assert.Equal(0, b));
        Assert.True(encoded.Length >= 300);
    }

    [Fact]
    public void Relayed_captures_carry_giaddr_and_option_82_and_the_reply_echoes_it()
    {
        var relayed = CaptureNames().Where(n => n.StartsWith("dhcrelay-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(relayed);
        foreach (var name in relayed)
        {
            var request = DhcpCodec.Decode(Load(name)).Packet!;
            Assert.False(request.RelayAddress.IsAny, name);
            Assert.True(request.Hops >= 1, name);
            var raw82 = request.Options.Get(DhcpOptionCode.RelayAgentInformation);
            Assert.NotNull(raw82);
            Assert.NotNull(request.Options.RelayAgentInformation!.CircuitId);

            var reply = DhcpReplyBuilder.CreateReply(request, DhcpMessageType.Offer, Ipv4Address.Parse("10.79.0.1"));
            reply.YourAddress = Ipv4Address.Parse("10.78.0.100");
            var wire = WireOptions.Read(DhcpReplyBuilder.EncodeReply(reply, request));
            Assert.Equal(82, wire[^1].Code);
            Assert.Equal(raw82, wire[^1].Value);
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void A_reply_to_a_captured_request_follows_its_parameter_request_list(string file)
    {
        var request = DhcpCodec.Decode(Load(file)).Packet!;
        if (request.Op != BootOp.BootRequest || request.Options.ParameterRequestList is not { } prl) return;

        var reply = DhcpReplyBuilder.CreateReply(request, DhcpMessageType.Offer, Ipv4Address.Parse("10.77.0.1"));
        reply.YourAddress = Ipv4Address.Parse("10.77.0.100");
        reply.Options.LeaseTime = 3600;
        reply.Options.SubnetMask = Ipv4Address.Parse("255.255.255.0");
        reply.Options.Routers = [Ipv4Address.Parse("10.77.0.1")];
        reply.Options.DomainNameServers = [Ipv4Address.Parse("10.77.0.1")];
        reply.Options.DomainName = "lab.example";
        reply.Options.HostName = "client";
        reply.Options.DomainSearch = ["lab.example"];
        reply.Options.ClasslessStaticRoutes = [new(Ipv4Address.Parse("10.200.0.0"), 16, Ipv4Address.Parse("10.77.0.1"))];
        reply.Options.NtpServers = [Ipv4Address.Parse("10.77.0.1")];
        reply.Options.SetString(DhcpOptionCode.TftpServerName, "tftp"); // never asked for by these clients

        var bytes = DhcpReplyBuilder.EncodeReply(reply, request);

        Assert.True(bytes.Length <= DhcpReplyBuilder.MaxReplySize(request));
        var codes = WireOptions.Read(bytes).Select(o => o.Code).Where(c => c != 82).ToArray();
        Assert.Equal(new byte[] { 53, 54, 51 }, codes[..3]);
        var asked = prl.Where(c => reply.Options.Contains((DhcpOptionCode)c) && c is not (53 or 54 or 51)).Distinct().ToArray();
        Assert.Equal(asked, codes[3..(3 + asked.Length)]);
        if (!prl.Contains((byte)66)) Assert.DoesNotContain((byte)66, codes);
    }
}
