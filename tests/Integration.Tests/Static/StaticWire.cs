using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Wire;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using Xunit;

namespace StaticDhcpd.Integration.Tests.Static;

/// <summary>The client messages the Static tests craft (RFC 2131 §4.3.2 states), and what a static answer must hold.</summary>
public static class StaticWire
{
    /// <summary>How long a test waits for an answer the server should give.</summary>
    public static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(10);
    /// <summary>How long a test listens to conclude that the server stays silent (it answers in milliseconds once warm).</summary>
    public static readonly TimeSpan SilenceWindow = TimeSpan.FromSeconds(3);

    public static uint NewXid() => (uint)Random.Shared.Next(1, int.MaxValue);

    /// <summary>DISCOVER with the broadcast flag (so a scripted client without an address hears the OFFER).</summary>
    public static DhcpPacket Discover(string mac, uint xid) =>
        WireClient.NewRequest(DhcpMessageType.Discover, MacAddress.Parse(mac), xid);

    /// <summary>INIT-REBOOT: REQUEST with option 50, no ciaddr, no server identifier; broadcast flag set.</summary>
    public static DhcpPacket InitReboot(string mac, uint xid, string requested)
    {
        var p = WireClient.NewRequest(DhcpMessageType.Request, MacAddress.Parse(mac), xid);
        p.Options.RequestedAddress = Ipv4Address.Parse(requested);
        return p;
    }

    /// <summary>
    /// RENEWING or REBINDING (which one depends on how it is sent: unicast to the server, or broadcast):
    /// REQUEST with ciaddr, no option 50, no server identifier, no broadcast flag (the client has its address).
    /// </summary>
    public static DhcpPacket Renewal(string mac, uint xid, string ciaddr)
    {
        var p = WireClient.NewRequest(DhcpMessageType.Request, MacAddress.Parse(mac), xid, broadcast: false);
        p.ClientAddress = Ipv4Address.Parse(ciaddr);
        return p;
    }

    /// <summary>Sends and listens for <see cref="SilenceWindow"/>; returns every reply with that xid (none expected).</summary>
    public static Task<List<DhcpPacket>> SendAndListenAsync(WireClient client, DhcpPacket p, string to = "255.255.255.255") =>
        Task.Run(() =>
        {
            client.Send(p, to);
            return client.Collect(p.TransactionId, SilenceWindow);
        });

    public static Task<DhcpPacket?> ExchangeAsync(WireClient client, DhcpPacket p, string to = "255.255.255.255") =>
        Task.Run(() => client.Exchange(p, AnswerWait, to));

    /// <summary>An OFFER or ACK that carries <paramref name="m"/>'s definition and its subnet's options, from our server.</summary>
    public static void AssertStaticLease(DhcpPacket? reply, DhcpMessageType type, MapRow m)
    {
        Assert.NotNull(reply);
        var s = StaticPlan.SubnetOf(m);
        Assert.Equal(type, reply.MessageType);
        Assert.Equal(m.Mac, reply.ClientMac.ToString());
        Assert.Equal(m.Ip, reply.YourAddress.ToString());
        var o = reply.Options;
        Assert.Equal(NetnsLab.ServerAddress, o.ServerIdentifier?.ToString());
        Assert.Equal((uint)s.LeaseTime, o.LeaseTime);
        Assert.Equal((uint)s.LeaseTime / 2, o.RenewalTime);
        Assert.Equal((uint)(s.LeaseTime * 7L / 8), o.RebindingTime);
        Assert.Equal(s.SubnetMask, o.SubnetMask?.ToString());
        Assert.Equal(StaticPlan.List(s.Gateway), o.Routers?.Select(a => a.ToString()) ?? []);
        Assert.Equal(StaticPlan.List(s.DomainNameServers), o.DomainNameServers?.Select(a => a.ToString()) ?? []);
        Assert.Equal(s.DomainName, o.DomainName);
        Assert.Equal(m.Hostname, o.HostName);
    }
}
