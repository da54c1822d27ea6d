using System.Collections.Immutable;
using System.Reflection;
using Akka.Actor;
using Akka.Cluster;

namespace StaticDhcpd.Node.Management;

/// <summary>
/// Which members see a member unreachable, for <c>unreachable[].observedBy</c>. Akka.NET 1.5.73 keeps the gossip's
/// reachability table internal (Cluster.ReadView.Reachability.ObserversGroupedByUnreachable) and no public event names
/// the observers, so it is read by reflection; if a later Akka changes those internals the list is empty rather than
/// wrong (the member is still listed as unreachable).
/// </summary>
internal static class ReachabilityObservers
{
    private const BindingFlags Any = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private static readonly PropertyInfo? ReadView = typeof(Cluster).GetProperty("ReadView", Any);

    public static IEnumerable<Address> Of(Cluster cluster, Member member)
    {
        try
        {
            var view = ReadView?.GetValue(cluster);
            var reachability = view?.GetType().GetProperty("Reachability", Any)?.GetValue(view);
            return reachability?.GetType().GetProperty("ObserversGroupedByUnreachable", Any)?.GetValue(reachability)
                    is IReadOnlyDictionary<UniqueAddress, ImmutableHashSet<UniqueAddress>> observers
                && observers.TryGetValue(member.UniqueAddress, out var by)
                ? by.Select(o => o.Address).ToList()
                : [];
        }
        catch (Exception e) when (e is TargetInvocationException or MemberAccessException)
        {
            return [];
        }
    }
}
