using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Pools;

/// <summary>Release a client's dynamic lease and clear its max-renewals block (the client moved to a static address,
/// or an operator unblocks it). Sent through the lease region; answered with <see cref="ClientLeaseReleased"/>.</summary>
public sealed record ReleaseClientLease(string Pool, string ClientKey) : IPoolProtocolMessage;

/// <summary><paramref name="Address"/> is the address that was bound, null when the client held none.</summary>
public sealed record ClientLeaseReleased(string Pool, string ClientKey, Ipv4Address? Address) : IPoolProtocolMessage;
