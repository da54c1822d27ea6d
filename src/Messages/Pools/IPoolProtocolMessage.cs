namespace StaticDhcpd.Messages.Pools;

/// <summary>Marker for pool/lease protocol records that cross the cluster (through sharding). The node binds it to
/// the explicit pool serializer, so no .NET type name travels or lands in a journal.</summary>
public interface IPoolProtocolMessage;
