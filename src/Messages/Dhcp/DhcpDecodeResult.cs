namespace StaticDhcpd.Messages.Dhcp;

/// <summary>Either a packet (Error = None) or the reason there is none.</summary>
public readonly record struct DhcpDecodeResult(DhcpPacket? Packet, DhcpDecodeError Error)
{
    public bool Ok => Error == DhcpDecodeError.None;
}
