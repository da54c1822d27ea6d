using Akka.Actor;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Pools;

/// <summary>Stands in the pool region for a name that is not configured (a stale lease entity, a typo in an API call):
/// answers every request with a refusal, persists nothing, and stops when idle.</summary>
public sealed class UnknownPool : ReceiveActor
{
    public UnknownPool(string name)
    {
        Context.SetReceiveTimeout(TimeSpan.FromSeconds(30));
        const string reason = "no such pool";
        Receive<PoolCommand>(c => Sender.Tell(new PoolDecision(c.Token, LeaseOutcome.Silent, default, TimeSpan.Zero, null, null, reason, BindingChange.None, 0)));
        Receive<PoolReleaseClient>(c => Sender.Tell(new PoolDecision(c.Token, LeaseOutcome.Silent, default, TimeSpan.Zero, null, null, reason, BindingChange.None, 0)));
        Receive<MarkInUse>(m => Sender.Tell(new MarkedInUse(name, m.Address, false)));
        Receive<GetPoolStatus>(_ => Sender.Tell(new PoolStatus(name, 0, 0, 0, 0, 0, 0, 0, 0)));
        Receive<GetLeases>(_ => Sender.Tell(new PoolLeases(name, [])));
        Receive<PoolGetClient>(g => Sender.Tell(new ClientLeaseRecord(name, g.ClientKey, null, null, null, 0, null, [])));
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
        ReceiveAny(_ => { });
    }
}
