using StaticDhcpd.Messages.Dhcp;

namespace StaticDhcpd.Actors.Dhcp;

/// <summary>What to do with one request: answer it, or stay silent (and maybe blocklist the MAC).</summary>
public abstract record DhcpDecision
{
    public static DhcpDecision Answer(DhcpPacket reply) => new ReplyDecision(reply);
    public static DhcpDecision Silent(string reason, bool blocklist = false) => new SilentDecision(reason, blocklist);
}

public sealed record ReplyDecision(DhcpPacket Reply) : DhcpDecision;

public sealed record SilentDecision(string Reason, bool Blocklist) : DhcpDecision;
