namespace StaticDhcpd.Messages.Events;

// Announced once per change for the whole cluster (by its oldest member, see MemberAnnouncer), not by every node
// that sees it.

/// <summary>A member became Up. <paramref name="Node"/> is its address, akka.tcp://staticdhcpd@host:port.</summary>
public sealed record MemberJoinedNotice(string Node, IReadOnlyList<string> Roles, DateTimeOffset Time) : IManagementEvent;

/// <summary>A member was removed from the cluster (left, or downed). <paramref name="PreviousStatus"/>: Exiting
/// when it left on its own, Down when it was downed.</summary>
public sealed record MemberLeftNotice(string Node, string PreviousStatus, DateTimeOffset Time) : IManagementEvent;
