using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Dhcp;

/// <summary>Builds replies the way RFC 2131 §4.3.1 (table 3), RFC 3046, RFC 6842 and the client's 55/57 ask.</summary>
public static class DhcpReplyBuilder
{
    /// <summary>RFC 2131/RFC 791: 576-byte IP datagrams minus 20 bytes of IP and 8 of UDP header.</summary>
    public const int MinimumReplySize = 548;
    private const int IpUdpHeaderBytes = 28;

    /// <summary>Sent whether or not the client asked: what it needs to configure itself and keep its lease.</summary>
    private static readonly DhcpOptionCode[] AlwaysSent =
    [
        DhcpOptionCode.SubnetMask, DhcpOptionCode.Router, DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainName,
        DhcpOptionCode.IpAddressLeaseTime, DhcpOptionCode.DhcpMessageType, DhcpOptionCode.ServerIdentifier,
        DhcpOptionCode.RenewalTimeValue, DhcpOptionCode.RebindingTimeValue,
    ];

    /// <summary>Client-to-server options; a server never sends them back.</summary>
    private static readonly DhcpOptionCode[] NeverSent =
    [
        DhcpOptionCode.RequestedIpAddress, DhcpOptionCode.ParameterRequestList,
        DhcpOptionCode.MaximumDhcpMessageSize, DhcpOptionCode.MaximumDatagramReassemblySize,
        DhcpOptionCode.OptionOverload,
    ];

    private static readonly DhcpOptionCode[] First =
        [DhcpOptionCode.DhcpMessageType, DhcpOptionCode.ServerIdentifier, DhcpOptionCode.IpAddressLeaseTime];

    /// <summary>
    /// A reply to <paramref name="request"/>: op, xid, flags, giaddr, chaddr, htype, hlen from the request
    /// (and ciaddr for an ACK, RFC 2131 table 3); options 53 and 54; 61 and 82 echoed when the request had them.
    /// </summary>
    public static DhcpPacket CreateReply(DhcpPacket request, DhcpMessageType type, Ipv4Address serverIdentifier)
    {
        var reply = new DhcpPacket
        {
            Op = BootOp.BootReply,
            HardwareType = request.HardwareType,
            HardwareAddressLength = request.HardwareAddressLength,
            TransactionId = request.TransactionId,
            Flags = request.Flags,
            RelayAddress = request.RelayAddress,
            ClientAddress = type == DhcpMessageType.Ack ? request.ClientAddress : Ipv4Address.Any,
            ClientHardwareAddress = (byte[])request.ClientHardwareAddress.Clone(),
        };
        reply.Options.MessageType = type;
        reply.Options.ServerIdentifier = serverIdentifier;
        if (request.Options.Get(DhcpOptionCode.ClientIdentifier) is { } clientId)
            reply.Options.Set(DhcpOptionCode.ClientIdentifier, (byte[])clientId.Clone());
        if (request.Options.Get(DhcpOptionCode.RelayAgentInformation) is { } relayInfo)
            reply.Options.Set(DhcpOptionCode.RelayAgentInformation, (byte[])relayInfo.Clone());
        return reply;
    }

    /// <summary>
    /// Encodes <paramref name="reply"/> with only the options the client asked for in 55 (plus the always-sent
    /// set, 61/82 echoes and 80), ordered 53, 54, 51, then 55's order, then the rest ascending, 82 last; within
    /// the size the client's 57 allows (never under 548 bytes).
    /// </summary>
    public static byte[] EncodeReply(DhcpPacket reply, DhcpPacket request)
    {
        var prl = request.Options.ParameterRequestList;
        var options = new List<KeyValuePair<DhcpOptionCode, byte[]>>(reply.Options.Count + 2);
        var taken = new bool[256];
        foreach (var c in NeverSent) taken[(int)c] = true;
        // The relay's own bytes, exactly (RFC 3046 §2.2); a server never originates 82.
        taken[(int)DhcpOptionCode.RelayAgentInformation] = true;
        var relayEcho = request.Options.Get(DhcpOptionCode.RelayAgentInformation);

        void Take(DhcpOptionCode code)
        {
            if (taken[(int)code]) return;
            if (reply.Options.Get(code) is not { } value) return;
            taken[(int)code] = true;
            options.Add(new(code, value));
        }

        foreach (var c in First) Take(c);
        if (prl is not null)
            foreach (var c in prl) Take((DhcpOptionCode)c);

        // RFC 6842: echo 61 even when the reply under construction lost it.
        if (!taken[(int)DhcpOptionCode.ClientIdentifier] && !reply.Options.Contains(DhcpOptionCode.ClientIdentifier)
            && request.Options.Get(DhcpOptionCode.ClientIdentifier) is { } clientId)
        {
            taken[(int)DhcpOptionCode.ClientIdentifier] = true;
            options.Add(new(DhcpOptionCode.ClientIdentifier, clientId));
        }

        // The rest ascending: all of it without a PRL, else only what is sent regardless.
        var rest = new List<DhcpOptionCode>();
        foreach (var (code, _) in reply.Options)
        {
            if (taken[(int)code]) continue;
            if (prl is null || Array.IndexOf(AlwaysSent, code) >= 0 || code is DhcpOptionCode.ClientIdentifier or DhcpOptionCode.RapidCommit)
                rest.Add(code);
        }
        rest.Sort();
        foreach (var c in rest) Take(c);

        if (relayEcho is not null) options.Add(new(DhcpOptionCode.RelayAgentInformation, relayEcho));
        return DhcpCodec.Encode(reply, options, DhcpOptionCode.RelayAgentInformation, MaxReplySize(request));
    }

    /// <summary>The request's 57 counts the whole IP datagram; the DHCP payload is 28 bytes less, never under 548.</summary>
    public static int MaxReplySize(DhcpPacket request) =>
        request.Options.MaximumMessageSize is { } m ? Math.Max(MinimumReplySize, m - IpUdpHeaderBytes) : MinimumReplySize;
}
