using StaticDhcpd.Integration.Tests.Lab;
using StaticDhcpd.Integration.Tests.Wire;
using StaticDhcpd.Messages.Dhcp;
using Xunit;
using static StaticDhcpd.Integration.Tests.Static.StaticPlan;
using static StaticDhcpd.Integration.Tests.Static.StaticWire;

namespace StaticDhcpd.Integration.Tests.Static;

/// <summary>
/// RFC 2131 §4.3.2 states sent by a scripted client on the wire, against a server that is not authoritative and
/// has nak-renewals on: a REBINDING client (REQUEST with ciaddr, broadcast) keeps its address while a RENEWING one
/// (the same REQUEST unicast to the server) is NAKed, so the server tells them apart by how they were sent;
/// INIT-REBOOT of a known client is ACKed (and NAKed when it asks for an address that is not its own); a DISCOVER
/// with rapid commit is ACKed at once; an INFORM gets the options without a lease; a client the database does not know gets no answer at all. (Renewals ACKed with the default flags: RealClientTests.)
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class RequestStateTests(NakRenewalsServerFixture fixture) : IClassFixture<NakRenewalsServerFixture>
{
    /// <summary>A client namespace that already holds <paramref name="m"/>'s address, as a bound client does.</summary>
    private WireClient BoundClient(MapRow m)
    {
        var host = fixture.Lab.AddClient(mac: m.Mac);
        fixture.Lab.Exec(host.Namespace, "ip", "addr", "add", m.Ip + "/24", "dev", host.Interface);
        return new WireClient(host.Namespace, host.Interface);
    }

    [Fact]
    public async Task A_rebinding_client_broadcasting_its_request_is_acked_with_the_same_address()
    {
        using var client = BoundClient(Echo);
        // REBINDING: ciaddr set, no option 50 or 54, broadcast (the server that granted it did not answer).
        var rebind = Renewal(Echo.Mac, NewXid(), Echo.Ip);

        var ack = await ExchangeAsync(client, rebind);

        AssertStaticLease(ack, DhcpMessageType.Ack, Echo);
        Assert.Equal(Echo.Ip, ack!.ClientAddress.ToString());
    }

    [Fact]
    public async Task A_rebinding_client_broadcasting_to_the_subnet_broadcast_address_is_acked_too()
    {
        using var client = BoundClient(November);
        var rebind = Renewal(November.Mac, NewXid(), November.Ip);

        var ack = await ExchangeAsync(client, rebind, to: "10.66.0.255");

        AssertStaticLease(ack, DhcpMessageType.Ack, November);
    }

    [Fact]
    public async Task The_same_request_unicast_to_the_server_is_a_renewal_and_nak_renewals_naks_it()
    {
        using var client = BoundClient(Juliet);
        var renew = Renewal(Juliet.Mac, NewXid(), Juliet.Ip);

        var nak = await ExchangeAsync(client, renew, to: NetnsLab.ServerAddress);

        Assert.NotNull(nak);
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.Equal(Juliet.Mac, nak.ClientMac.ToString());
        Assert.True(nak.YourAddress.IsAny, "a NAK carries no address");
    }

    [Fact]
    public async Task Init_reboot_of_a_known_client_is_acked_and_a_wrong_address_is_naked()
    {
        var ack = await ExchangeAsync(fixture.Probe, InitReboot(Foxtrot.Mac, NewXid(), Foxtrot.Ip));
        AssertStaticLease(ack, DhcpMessageType.Ack, Foxtrot);

        // The client moved from another network: its remembered address is not its definition.
        var nak = await ExchangeAsync(fixture.Probe, InitReboot(Foxtrot.Mac, NewXid(), "10.66.0.99"));
        Assert.NotNull(nak);
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.Equal(Foxtrot.Mac, nak.ClientMac.ToString());
        Assert.True(nak.YourAddress.IsAny, "a NAK carries no address");
        Assert.Null(nak.Options.LeaseTime);
        Assert.Equal(NetnsLab.ServerAddress, nak.Options.ServerIdentifier?.ToString());
    }

    [Fact]
    public async Task An_inform_from_a_client_with_its_address_gets_the_options_and_no_lease()
    {
        using var client = BoundClient(Mike);
        var inform = Renewal(Mike.Mac, NewXid(), Mike.Ip);
        inform.Options.MessageType = DhcpMessageType.Inform;

        var ack = await ExchangeAsync(client, inform, to: NetnsLab.ServerAddress);

        Assert.NotNull(ack);
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.True(ack.YourAddress.IsAny, "RFC 2131 §3.4: no yiaddr in the answer to an INFORM");
        Assert.Null(ack.Options.LeaseTime);
        Assert.Equal(Mike.Ip, ack.ClientAddress.ToString());
        Assert.Equal([NetnsLab.ServerAddress], ack.Options.Routers?.Select(a => a.ToString()) ?? []);
        Assert.Equal(Domain, ack.Options.DomainName);
        Assert.Equal("255.255.255.0", ack.Options.SubnetMask?.ToString());
    }

    [Fact]
    public async Task A_discover_asking_for_rapid_commit_is_acked_at_once_and_the_client_identifier_is_echoed()
    {
        var discover = Discover(Lima.Mac, NewXid());
        discover.Options.RapidCommit = true;
        byte[] clientId = [1, .. MacAddressBytes(Lima.Mac)];
        discover.Options.ClientIdentifier = clientId;

        var ack = await ExchangeAsync(fixture.Probe, discover);

        AssertStaticLease(ack, DhcpMessageType.Ack, Lima);
        Assert.True(ack!.Options.RapidCommit, "RFC 4039: the ACK carries option 80");
        Assert.Equal(clientId, ack.Options.ClientIdentifier); // RFC 6842
    }

    private static byte[] MacAddressBytes(string mac) => Messages.Net.MacAddress.Parse(mac).ToBytes();

    [Fact]
    public async Task An_unknown_client_gets_no_answer_to_discover_or_init_reboot_when_not_authoritative()
    {
        // One xid for both, so one listening window hears an answer to either.
        var xid = NewXid();
        fixture.Probe.Send(Discover(UnknownA, xid));
        var replies = await SendAndListenAsync(fixture.Probe, InitReboot(UnknownB, xid, "10.66.0.98"));

        Assert.Empty(replies);
        // The silence is a decision, not a server that stopped answering: a known client is answered right after.
        var offer = await ExchangeAsync(fixture.Probe, Discover(Probe.Mac, NewXid()));
        AssertStaticLease(offer, DhcpMessageType.Offer, Probe);
    }
}
