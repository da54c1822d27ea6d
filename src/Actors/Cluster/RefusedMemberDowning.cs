using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Remote;

namespace StaticDhcpd.Actors.Clustering;

/// <summary>
/// Faster failover after a crash: when the connection to a member drops, its remoting port is tried twice; if both
/// attempts are refused (its process is gone) and <see cref="RefusedMemberRule"/> allows it, the member is downed at
/// once instead of after the resolver's stable-after (2 s). Akka removes a downed member, and sharding moves its
/// buckets, once the failure detector has noticed it too. A host that vanishes (power, network) refuses nothing: the
/// attempts time out and the failure detector and the resolver decide, as without this actor.
/// </summary>
public sealed class RefusedMemberDowning : ReceiveActor
{
    private sealed record Probed(Address Member, bool Refused);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SecondTryAfter = TimeSpan.FromMilliseconds(300);

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<Address> _probing = new();

    public RefusedMemberDowning()
    {
        Receive<DisassociatedEvent>(e => Suspect(e.RemoteAddress));
        Receive<AssociationErrorEvent>(e => Suspect(e.RemoteAddress));
        Receive<Probed>(OnProbed);
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new RefusedMemberDowning());

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
        Context.System.EventStream.Subscribe(Self, typeof(AssociationErrorEvent));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Suspect(Address member)
    {
        if (member.Host is not { } host || member.Port is not { } port || !_probing.Add(member)) return;
        if (!RefusedMemberRule.MayDown(member, _cluster.SelfAddress, Sights())) { _probing.Remove(member); return; }
        RefusedTwiceAsync(host, port).PipeTo(Self, success: refused => new Probed(member, refused),
            failure: _ => new Probed(member, false));
    }

    private void OnProbed(Probed p)
    {
        _probing.Remove(p.Member);
        // Decided again on the membership of now: it may have changed while the port was tried.
        if (!p.Refused || !RefusedMemberRule.MayDown(p.Member, _cluster.SelfAddress, Sights())) return;
        _log.Warning("member {0} refuses connections on its cluster port (its process is gone): downed now, without waiting for the failure detector",
            p.Member);
        _cluster.Down(p.Member);
    }

    private List<MemberSight> Sights()
    {
        var state = _cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        return state.Members.Select(m => new MemberSight(m.Address, m.Status, !unreachable.Contains(m.Address))).ToList();
    }

    private static async Task<bool> RefusedTwiceAsync(string host, int port)
    {
        if (!await RefusedAsync(host, port)) return false;
        await Task.Delay(SecondTryAfter);
        return await RefusedAsync(host, port);
    }

    /// <summary>True only for an active refusal; a timeout or an accepted connection is not evidence of a crash.</summary>
    private static async Task<bool> RefusedAsync(string host, int port)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
