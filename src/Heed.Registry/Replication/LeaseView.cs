namespace Heed.Registry.Replication;

/// <summary>A snapshot of one session's lease, for listing.</summary>
public sealed record LeaseView(long SessionId, ReplicaInfo Info, long AppliedLsn, long Lag, bool Connected, bool LeaseValid, TimeSpan LeaseRemaining, ulong Grants, ReplicaMemory Memory);
