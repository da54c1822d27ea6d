namespace StaticDhcpd.Actors.Serialization;

// Marker interfaces the node binds to PoolSerializer (akka.actor.serialization-bindings). Every implementing type
// must also be listed in PoolSerializer's manifest table, or serializing it throws — by design: no silent fallback.

/// <summary>An event written to the journal.</summary>
public interface IPersistedEvent;

/// <summary>A snapshot written to the snapshot store.</summary>
public interface IPersistedSnapshot;

/// <summary>An internal message between entities that may cross nodes.</summary>
public interface IClusterMessage;
