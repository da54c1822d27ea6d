using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace StaticDhcpd.Actors.Clustering;

/// <summary>Keeps a <see cref="BucketTableHolder"/> current: recomputes the table over the serving members
/// (<see cref="MembershipView"/>) on every membership and reachability change.</summary>
public sealed class BucketTableKeeper : ReceiveActor
{
    private readonly BucketTableHolder _holder;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ImmutableHashSet<Member> _members = ImmutableHashSet<Member>.Empty;
    private ImmutableHashSet<Member> _unreachable = ImmutableHashSet<Member>.Empty;

    public BucketTableKeeper(BucketTableHolder holder)
    {
        _holder = holder;
        // Member equality is by unique address: remove-then-add replaces the status.
        Receive<ClusterEvent.MemberRemoved>(e => Update(_members.Remove(e.Member), _unreachable.Remove(e.Member)));
        Receive<ClusterEvent.IMemberEvent>(e => Update(_members.Remove(e.Member).Add(e.Member), _unreachable));
        Receive<ClusterEvent.UnreachableMember>(e => Update(_members, _unreachable.Add(e.Member)));
        Receive<ClusterEvent.ReachableMember>(e => Update(_members, _unreachable.Remove(e.Member)));
    }

    public static Props Props(BucketTableHolder holder) => Akka.Actor.Props.Create(() => new BucketTableKeeper(holder));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Update(ImmutableHashSet<Member> members, ImmutableHashSet<Member> unreachable)
    {
        _members = members;
        _unreachable = unreachable;
        var view = MembershipView.Of(members, unreachable);
        var before = _holder.Current;
        var table = BucketTable.From(view.Serving.ToList(), _cluster.SelfAddress);
        _holder.Current = table;
        if (!before.MyBuckets.SequenceEqual(table.MyBuckets))
            _log.Info("owns {0} of {1} buckets: {2} ({3} serving members)", table.MineCount, Buckets.Count,
                table.MineCount == 0 ? "none" : string.Join(",", table.MyBuckets), view.Serving.Count);
    }
}
