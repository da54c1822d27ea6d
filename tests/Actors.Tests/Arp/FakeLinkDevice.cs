using System.Collections.Concurrent;
using StaticDhcpd.Actors.Arp;
using StaticDhcpd.Actors.Sockets;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Tests.Arp;

/// <summary>An interface in memory: what the scanner sends is kept (with when), and <see cref="Answer"/> delivers an
/// ARP reply as the capture thread would.</summary>
public sealed class FakeLinkDevice(string name) : ILinkDevice
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private volatile Action<byte[]>? _handler;

    public string Interface => name;
    public ConcurrentQueue<(TimeSpan At, byte[] Frame)> Sent { get; } = new();
    public bool Fails { get; set; }

    /// <summary>The addresses asked for, in order (repeats included).</summary>
    public IReadOnlyList<Ipv4Address> Asked => Sent.Select(s => Ipv4Address.FromBytes(s.Frame.AsSpan(14 + 24, 4))).ToList();

    public void Send(byte[] frame)
    {
        if (Fails) throw new InvalidOperationException("link down");
        Sent.Enqueue((_clock.Elapsed, frame));
    }

    public void OnArpReply(Action<byte[]> handler) => _handler = handler;

    public bool Capturing => _handler is not null;

    public void Answer(Ipv4Address address, MacAddress from)
    {
        var reply = ArpFrames.Probe(from, address); // a request's layout, turned into a reply below
        reply[14 + 7] = 2;
        address.WriteTo(reply.AsSpan(14 + 14, 4)); // sender protocol address
        _handler!(reply);
    }

    public void Dispose()
    {
    }
}
