using Akka.Actor;
using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Arp;

// Between a node's pool entities and lease entities and its ArpService (always local: never serialized).

/// <summary>Scan <paramref name="Addresses"/> (a pool's ranges) on the served interface whose subnet holds them. The
/// sender gets a <see cref="Messages.Pools.PoolScanProgress"/> at once (Running, or Unavailable with the reason; a scan
/// of the pool already running is not restarted). <paramref name="ReportTo"/> gets one <see cref="ArpAnswered"/> per
/// address that answers and <see cref="ArpScanDone"/> at the end.</summary>
public sealed record ScanAddresses(string Pool, IReadOnlyList<Ipv4Address> Addresses, ArpScanSettings Settings, IActorRef ReportTo);

/// <summary>How <paramref name="Pool"/>'s last or current scan stands (the pool entity answering GetPoolScan): the sender
/// gets a <see cref="Messages.Pools.PoolScanProgress"/>, Idle when the pool was never scanned here.</summary>
public sealed record QueryScan(string Pool, IReadOnlyList<Ipv4Address> Addresses);

/// <summary>Stop a pool's running scan (the pool entity stopped, or moved): its progress says Cancelled.</summary>
public sealed record CancelScan(string Pool);

/// <summary><paramref name="Address"/> answered a scan's request, from <paramref name="Mac"/> (first answer only).</summary>
public sealed record ArpAnswered(string Pool, Ipv4Address Address, MacAddress Mac);

public sealed record ArpScanDone(string Pool, int Probed, int Answered);

/// <summary>Conflict check: one ARP request for <paramref name="Address"/> now (not behind a scan's rate), answered
/// with <see cref="ProbeResult"/> when something answers or after <paramref name="Timeout"/>.</summary>
public sealed record ProbeAddress(Ipv4Address Address, TimeSpan Timeout, long Id);

/// <summary><paramref name="AnsweredBy"/> null: nothing answered, or the address could not be probed (no interface
/// faces it, or ARP is unavailable there); either way the offer goes ahead.</summary>
public sealed record ProbeResult(long Id, Ipv4Address Address, MacAddress? AnsweredBy);
