using System.Collections;
using System.Reflection;
using Akka.Actor;
using Akka.Cluster;

namespace StaticDhcpd.Node.Management;

/// <summary>
/// Which members see a member unreachable, for <c>unreachable[].observedBy</c>. Akka.NET 1.5.73 keeps the gossip's
/// reachability records internal (Cluster.ReadView.Reachability), and no public event names the observers, so they
/// are read by reflection; if a later Akka changes those internals the list is empty rather than wrong.
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
            var recordsFor = reachability?.GetType().GetMethod("RecordsFor", Any, [typeof(UniqueAddress)]);
            if (recordsFor?.Invoke(reachability, [member.UniqueAddress]) is not IEnumerable records) return [];
            var result = new List<Address>();
            foreach (var r in records)
            {
                var t = r.GetType();
                if (t.GetProperty("Status", Any)?.GetValue(r)?.ToString() != "Unreachable") continue;
                if (t.GetProperty("Observer", Any)?.GetValue(r) is UniqueAddress observer) result.Add(observer.Address);
            }
            return result;
        }
        catch (Exception e) when (e is TargetInvocationException or InvalidCastException or MemberAccessException)
        {
            return [];
        }
    }
}
