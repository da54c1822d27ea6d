using System.Buffers.Binary;
using StaticDhcpd.Messages.Dhcp;

namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// tcpdump on one interface of a lab namespace (<c>--immediate-mode -U</c>, UDP 67/68, to a pcap file in
/// the lab's work dir). <see cref="StopAsync"/> ends it and returns every BOOTP message seen, with its IP
/// addresses so a test can tell broadcast replies from unicast ones.
/// </summary>
public sealed class TcpdumpCapture
{
    private readonly LabProcess _process;
    private readonly string _file;

    private TcpdumpCapture(LabProcess process, string file)
    {
        _process = process;
        _file = file;
    }

    public static async Task<TcpdumpCapture> StartAsync(NetnsLab lab, string netns, string iface = NetnsLab.Interface,
        string filter = "udp port 67 or udp port 68")
    {
        LabRequirements.EnsureTools("tcpdump");
        var file = Path.Combine(lab.WorkDir, $"capture-{Guid.NewGuid():N}.pcap");
        var p = lab.Start(netns, "tcpdump", ["-n", "-i", iface, "--immediate-mode", "-U", "-w", file, filter]);
        if (!await p.WaitForOutputAsync("listening on", TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException("tcpdump did not start\n" + p.Output);
        return new TcpdumpCapture(p, file);
    }

    /// <summary>Stops tcpdump (after <paramref name="linger"/>, to catch late packets) and decodes what it captured.</summary>
    public async Task<IReadOnlyList<CapturedBootp>> StopAsync(TimeSpan? linger = null)
    {
        await Task.Delay(linger ?? TimeSpan.FromMilliseconds(300));
        await _process.StopAsync(TimeSpan.FromSeconds(3));
        return File.Exists(_file) ? Parse(File.ReadAllBytes(_file)) : [];
    }

    /// <summary>What tcpdump has written so far (it flushes every packet), while it keeps capturing.</summary>
    public IReadOnlyList<CapturedBootp> Snapshot() => File.Exists(_file) ? Parse(ReadShared(_file)) : [];

    private static byte[] ReadShared(string file)
    {
        using var s = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    /// <summary>The UDP payloads of a little-endian, Ethernet-framed pcap file (IPv4 without VLAN tags).</summary>
    public static IReadOnlyList<CapturedBootp> Parse(byte[] pcap)
    {
        var result = new List<CapturedBootp>();
        if (pcap.Length < 24 || BinaryPrimitives.ReadUInt32LittleEndian(pcap) != 0xa1b2c3d4) return result;
        if (BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(20)) != 1) throw new NotSupportedException("pcap link type is not Ethernet");
        var pos = 24;
        while (pos + 16 <= pcap.Length)
        {
            var incl = (int)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(pos + 8));
            if (pos + 16 + incl > pcap.Length) break;
            var frame = pcap.AsSpan(pos + 16, incl);
            pos += 16 + incl;
            if (frame.Length < 14 + 28 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != 0x0800) continue;
            var ip = frame[14..];
            if (ip[0] >> 4 != 4 || ip[9] != 17) continue;
            var udp = ip[((ip[0] & 15) * 4)..];
            var udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
            if (udpLength < 8 || udpLength > udp.Length) continue;
            var payload = udp[8..udpLength].ToArray();
            var decoded = DhcpCodec.Decode(payload);
            result.Add(new CapturedBootp(
                new System.Net.IPAddress(ip.Slice(12, 4)).ToString(),
                new System.Net.IPAddress(ip.Slice(16, 4)).ToString(),
                BinaryPrimitives.ReadUInt16BigEndian(udp),
                BinaryPrimitives.ReadUInt16BigEndian(udp[2..]),
                payload,
                decoded.Packet));
        }
        return result;
    }
}

/// <summary>One captured BOOTP message: its IP/UDP addressing, raw bytes and the decoded packet (null if it did not decode).</summary>
public sealed record CapturedBootp(string Source, string Destination, int SourcePort, int DestinationPort, byte[] Payload,
    DhcpPacket? Packet)
{
    public bool IsBroadcast => Destination == "255.255.255.255";
}
