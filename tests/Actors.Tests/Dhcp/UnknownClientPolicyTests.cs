using StaticDhcpd.Actors.Dhcp;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Actors.Tests.Dhcp.TestPackets;

namespace StaticDhcpd.Actors.Tests.Dhcp;

public class UnknownClientPolicyTests
{
    private static readonly DhcpSettings NotAuthoritative = new();
    private static readonly DhcpSettings Authoritative = new() { Authoritative = true };

    [Fact]
    public void Discover_is_silent_and_blocklisted_even_when_authoritative()
    {
        foreach (var s in new[] { NotAuthoritative, Authoritative })
        {
            var d = Assert.IsType<SilentDecision>(
                UnknownClientPolicy.Decide(Client(DhcpMessageType.Discover), DhcpMethod.Discover, s, ServerId));
            Assert.True(d.Blocklist);
        }
    }

    [Fact]
    public void Init_reboot_is_silent_unless_authoritative()
    {
        var req = Client(DhcpMessageType.Request, requested: "10.66.0.77");
        Assert.IsType<SilentDecision>(UnknownClientPolicy.Decide(req, DhcpMethod.RequestInitReboot, NotAuthoritative, ServerId));
        var nak = Assert.IsType<ReplyDecision>(UnknownClientPolicy.Decide(req, DhcpMethod.RequestInitReboot, Authoritative, ServerId));
        Assert.Equal(DhcpMessageType.Nak, nak.Reply.MessageType);
    }

    [Fact]
    public void Rebind_is_silent_unless_authoritative()
    {
        var req = Client(DhcpMessageType.Request, ciaddr: "10.66.0.77");
        Assert.IsType<SilentDecision>(UnknownClientPolicy.Decide(req, DhcpMethod.RequestRebind, NotAuthoritative, ServerId));
        Assert.IsType<ReplyDecision>(UnknownClientPolicy.Decide(req, DhcpMethod.RequestRebind, Authoritative, ServerId));
    }

}
