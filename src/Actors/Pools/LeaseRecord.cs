using StaticDhcpd.Actors.Serialization;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Pools;

/// <summary>A client's binding as the pool records it (ClientBook), with a bounded history. Immutable; part of the
/// pool's snapshot. Consecutive renewals of one address share one history entry (the latest), so a long-lived client
/// does not push its grant out of the history.</summary>
public sealed record LeaseRecord(
    MacAddress? Mac,
    Ipv4Address? Address,
    DateTimeOffset? ExpiresAt,
    int Renewals,
    Ipv4Address? LastAddress,
    IReadOnlyList<LeaseHistoryEntry> History) : IPersistedSnapshot
{
    // Small on purpose: the pool holds and snapshots one record per client it has seen (tens of thousands).
    public const int HistoryLimit = 8;

    public static readonly LeaseRecord Empty = new(null, null, null, 0, null, Array.Empty<LeaseHistoryEntry>());

    public LeaseRecord Apply(ILeaseEvent e) => e switch
    {
        LeaseGranted g => this with
        {
            Mac = g.Mac,
            Address = g.Address,
            ExpiresAt = g.ExpiresAt,
            Renewals = g.Renewals,
            LastAddress = g.Address,
            History = Address == g.Address ? AppendRenewal(g.At, g.Address) : Append(g.At, "granted", g.Address),
        },
        LeaseEnded x => this with
        {
            Address = Address == x.Address ? null : Address,
            ExpiresAt = Address == x.Address ? null : ExpiresAt,
            // A declined address is in use by someone else: do not ask for it again.
            LastAddress = x.Reason == "declined" && LastAddress == x.Address ? null : LastAddress,
            History = Append(x.At, x.Reason, x.Address),
        },
        _ => throw new ArgumentException($"unknown lease event {e.GetType().Name}"),
    };

    private IReadOnlyList<LeaseHistoryEntry> AppendRenewal(DateTimeOffset at, Ipv4Address a)
    {
        if (History.Count == 0 || History[^1] is not { Event: "renewed" } last || last.Address != a)
            return Append(at, "renewed", a);
        var list = History.ToList();
        list[^1] = last with { At = at };
        return list;
    }

    private IReadOnlyList<LeaseHistoryEntry> Append(DateTimeOffset at, string what, Ipv4Address a)
    {
        var list = new List<LeaseHistoryEntry>(Math.Min(History.Count + 1, HistoryLimit));
        list.AddRange(History.Skip(Math.Max(0, History.Count + 1 - HistoryLimit)));
        list.Add(new LeaseHistoryEntry(at, what, a));
        return list;
    }
}
