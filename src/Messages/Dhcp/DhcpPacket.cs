using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Dhcp;

/// <summary>One BOOTP/DHCP message (RFC 2131 §2): the fixed header and its options.</summary>
public sealed class DhcpPacket
{
    public const int ChaddrLength = 16;
    public const int ServerNameLength = 64;
    public const int BootFileLength = 128;

    private byte[] _chaddr = new byte[ChaddrLength];
    private byte[] _sname = new byte[ServerNameLength];
    private byte[] _file = new byte[BootFileLength];

    public BootOp Op { get; set; } = BootOp.BootRequest;
    public byte HardwareType { get; set; } = 1;
    public byte HardwareAddressLength { get; set; } = 6;
    public byte Hops { get; set; }
    public uint TransactionId { get; set; }
    public ushort Seconds { get; set; }
    public ushort Flags { get; set; }

    /// <summary>Bit 15 of flags (RFC 2131 §2): the client cannot receive unicast before it is configured.</summary>
    public bool BroadcastFlag
    {
        get => (Flags & 0x8000) != 0;
        set => Flags = value ? (ushort)(Flags | 0x8000) : (ushort)(Flags & 0x7FFF);
    }

    /// <summary>ciaddr.</summary>
    public Ipv4Address ClientAddress { get; set; }
    /// <summary>yiaddr.</summary>
    public Ipv4Address YourAddress { get; set; }
    /// <summary>siaddr.</summary>
    public Ipv4Address ServerAddress { get; set; }
    /// <summary>giaddr.</summary>
    public Ipv4Address RelayAddress { get; set; }

    /// <summary>chaddr, always 16 bytes.</summary>
    public byte[] ClientHardwareAddress
    {
        get => _chaddr;
        set => _chaddr = Exactly(value, ChaddrLength, nameof(ClientHardwareAddress));
    }

    /// <summary>The first 6 bytes of chaddr. Setting it writes those bytes and clears the other 10.</summary>
    public MacAddress ClientMac
    {
        get => MacAddress.FromBytes(_chaddr);
        set
        {
            Array.Clear(_chaddr);
            value.WriteTo(_chaddr);
        }
    }

    /// <summary>sname, always 64 bytes (zeros when the field carries options, see <see cref="DhcpCodec"/>).</summary>
    public byte[] ServerName
    {
        get => _sname;
        set => _sname = Exactly(value, ServerNameLength, nameof(ServerName));
    }

    /// <summary>file, always 128 bytes (zeros when the field carries options).</summary>
    public byte[] BootFile
    {
        get => _file;
        set => _file = Exactly(value, BootFileLength, nameof(BootFile));
    }

    /// <summary>sname read as a NUL-terminated string; setting pads with zeros (throws past 63 bytes).</summary>
    public string ServerNameText
    {
        get => CString(_sname);
        set => _sname = ToField(value, ServerNameLength, nameof(ServerNameText));
    }

    /// <summary>file read as a NUL-terminated string; setting pads with zeros (throws past 127 bytes).</summary>
    public string BootFileText
    {
        get => CString(_file);
        set => _file = ToField(value, BootFileLength, nameof(BootFileText));
    }

    public DhcpOptions Options { get; set; } = new();

    public DhcpMessageType? MessageType => Options.MessageType;

    public DhcpPacket Clone() => new()
    {
        Op = Op, HardwareType = HardwareType, HardwareAddressLength = HardwareAddressLength, Hops = Hops,
        TransactionId = TransactionId, Seconds = Seconds, Flags = Flags,
        ClientAddress = ClientAddress, YourAddress = YourAddress, ServerAddress = ServerAddress, RelayAddress = RelayAddress,
        ClientHardwareAddress = (byte[])_chaddr.Clone(), ServerName = (byte[])_sname.Clone(), BootFile = (byte[])_file.Clone(),
        Options = Options.Clone(),
    };

    public override string ToString() =>
        $"{MessageType?.ToString() ?? "BOOTP"} xid={TransactionId:x8} chaddr={ClientMac} ciaddr={ClientAddress} " +
        $"yiaddr={YourAddress} giaddr={RelayAddress} [{Options}]";

    private static byte[] Exactly(byte[] value, int length, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length != length) throw new ArgumentException($"{name} must be {length} bytes, got {value.Length}", name);
        return value;
    }

    private static string CString(byte[] field)
    {
        var n = Array.IndexOf(field, (byte)0);
        return System.Text.Encoding.ASCII.GetString(field, 0, n < 0 ? field.Length : n);
    }

    private static byte[] ToField(string text, int length, string name)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        if (bytes.Length >= length) throw new ArgumentException($"{name} longer than {length - 1} bytes", name);
        var field = new byte[length];
        bytes.CopyTo(field, 0);
        return field;
    }
}
