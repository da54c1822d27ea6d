using Akka.Actor;
using StaticDhcpd.Actors.Clustering;
using StaticDhcpd.Actors.Tests.Dhcp;
using StaticDhcpd.Messages.Dhcp;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Clustering;

/// <summary>The gate on the receive thread decides from the raw datagram exactly what the handler's responsibility
/// stage decides from the decoded packet; what it cannot read cheaply it passes on.</summary>
public class ResponsibilityGateTests
{
    private static Address Node(int last) => new("akka.tcp", "staticdhcpd", $"10.77.0.{last}", 4053);

    private static readonly Ipv4Address Own = Ipv4Address.Parse("10.77.0.11");
    private static readonly BucketTable Table = BucketTable.From([Node(11), Node(12), Node(13)], Node(11));
    private static readonly ResponsibilityGate Gate = new(Own, new BucketTableHolder(Table));

    [Fact]
    public void It_leaves_to_a_peer_exactly_what_the_handler_would_on_thousands_of_requests()
    {
        var random = new Random(7);
        var left = 0;
        for (var n = 0; n < 4000; n++)
        {
            var mac = new MacAddress((ulong)random.NextInt64(0, 1L << 48));
            var type = random.Next(3) switch { 0 => DhcpMessageType.Discover, 1 => DhcpMessageType.Request, _ => DhcpMessageType.Release };
            var serverId = random.Next(3) switch { 0 => null, 1 => "10.77.0.11", _ => "10.77.0.12" };
            var p = TestPackets.Client(type, mac, serverId: serverId);
            if (random.Next(2) == 0)
            {
                var id = new byte[2 + random.Next(18)];
                random.NextBytes(id);
                p.Options.ClientIdentifier = id;
            }
            var broadcast = random.Next(4) != 0;
            var datagram = DhcpCodec.Encode(p);

            var decoded = DhcpCodec.Decode(datagram).Packet!;
            var query = new ResponsibilityQuery(broadcast, decoded.Options.ServerIdentifier, Own,
                Buckets.Of(ClientKey.From(decoded.Options.ClientIdentifier, decoded.ClientMac)));
            var handlerLeaves = !ResponsibilityFilter.Decide(query, Table).Answers;
            Assert.Equal(handlerLeaves, Gate.LeavesToPeer(datagram, broadcast));
            if (handlerLeaves) left++;
        }
        Assert.InRange(left, 1000, 3000); // both outcomes were exercised
    }

    [Fact]
    public void What_it_cannot_read_cheaply_goes_on_to_the_handler()
    {
        var foreign = TestPackets.Client(DhcpMessageType.Discover, serverId: "10.77.0.12");
        var datagram = DhcpCodec.Encode(foreign);
        Assert.True(Gate.LeavesToPeer(datagram, wasBroadcast: true));

        var reply = (byte[])datagram.Clone();
        reply[0] = (byte)BootOp.BootReply;
        Assert.False(Gate.LeavesToPeer(reply, wasBroadcast: true));
        Assert.False(Gate.LeavesToPeer(datagram.AsSpan(0, 200), wasBroadcast: true)); // truncated
        var unended = datagram.AsSpan(0, datagram.AsSpan().LastIndexOf((byte)DhcpOptionCode.End)).ToArray();
        Assert.False(Gate.LeavesToPeer(unended, wasBroadcast: true));
    }
}
