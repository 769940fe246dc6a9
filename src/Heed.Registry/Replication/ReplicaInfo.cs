namespace Heed.Registry.Replication;

/// <summary>What a replica said about itself in its Hello.</summary>
public sealed record ReplicaInfo(string ReplicaId, string Kind, string Service, uint ProtocolVersion, string SoftwareVersion);
