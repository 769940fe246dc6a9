namespace Heed.Client.Replication;

/// <summary>What a session says in its Hello and how it authenticates; fixed for the life of the replica.</summary>
internal sealed record SessionSettings(string Key, string ReplicaId, string Kind, string Service, string SoftwareVersion, uint ProtocolVersion);
