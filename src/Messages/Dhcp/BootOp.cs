namespace StaticDhcpd.Messages.Dhcp;

/// <summary>The BOOTP 'op' field (RFC 951): which way the message travels.</summary>
public enum BootOp : byte
{
    BootRequest = 1,
    BootReply = 2,
}
