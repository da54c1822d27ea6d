using Akka.Actor;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Arp;

/// <summary>
/// A node's ARP: one <see cref="ArpScanner"/> child per served interface that has a link device; each scan, query
/// and probe goes to the interface facing its addresses. A pool no interface faces (a relayed pool) or whose interface
/// cannot send frames is answered Unavailable with the reason; a probe there is answered at once, unanswered, so the
/// offer it guards is not held up.
/// </summary>
public sealed class ArpService : ReceiveActor
{
    public const string Name = "arp";

    private readonly IReadOnlyList<ArpLink> _links;
    private readonly Dictionary<string, IActorRef> _scanners = new();

    public ArpService(IReadOnlyList<ArpLink> links)
    {
        _links = links;
        Receive<ScanAddresses>(s => Route(s.Pool, s.Addresses, s));
        Receive<QueryScan>(q => Route(q.Pool, q.Addresses, q));
        Receive<CancelScan>(c =>
        {
            foreach (var scanner in _scanners.Values) scanner.Forward(c);
        });
        Receive<ProbeAddress>(p =>
        {
            if (ArpLink.Facing(_links, p.Address) is { } link && _scanners.TryGetValue(link.Interface, out var scanner))
                scanner.Forward(p);
            else Sender.Tell(new ProbeResult(p.Id, p.Address, null));
        });
    }

    public static Props Props(IReadOnlyList<ArpLink> links) => Akka.Actor.Props.Create(() => new ArpService(links));

    protected override void PreStart()
    {
        foreach (var link in _links)
            if (link.Device is { } device)
                _scanners[link.Interface] = Context.ActorOf(ArpScanner.Props(link.Interface, link.Mac, device), $"scanner-{link.Interface}");
    }

    private void Route(string pool, IReadOnlyList<Ipv4Address> addresses, object message)
    {
        var link = addresses.Count == 0 ? null : ArpLink.Facing(_links, addresses[0]);
        if (link is not null && _scanners.TryGetValue(link.Interface, out var scanner))
        {
            scanner.Forward(message);
            return;
        }
        var note = link is null
            ? addresses.Count == 0
                ? "the pool has no addresses"
                : $"no served interface faces {addresses[0]} (a relayed pool is not scanned)"
            : $"ARP cannot be sent on {link.Interface}: {link.Unavailable}";
        Sender.Tell(new PoolScanProgress(pool, PoolScanState.Unavailable, addresses.Count, 0, 0, null, null, link?.Interface, note));
    }
}
