namespace Heed.Registry.Replication;

/// <summary>
/// The registry's view of one replica session's lease. Guarded by the coordinator's lock.
/// <see cref="FirstRequiredLsn"/> matters because a replica can only be fresh once it has applied the
/// required LSN of a grant: a session whose first grant already required LSN w can never answer from
/// a state older than w, so acknowledging w need not wait for it.
/// </summary>
public sealed class ReplicaLease(long sessionId, ReplicaInfo info, long connectedAt)
{
    public long SessionId { get; } = sessionId;

    public ReplicaInfo Info { get; } = info;

    public long ConnectedAt { get; } = connectedAt;

    /// <summary>Registry monotonic timestamp when the lease ends; <see cref="long.MinValue"/> before any grant.</summary>
    public long ExpiresAt { get; set; } = long.MinValue;

    public long AckedLsn { get; set; }

    /// <summary>The required LSN of the first grant, or -1 before any grant.</summary>
    public long FirstRequiredLsn { get; set; } = -1;

    public bool Connected { get; set; } = true;

    public long LastSeenAt { get; set; } = connectedAt;

    public ulong Grants { get; set; }

    /// <summary>The table size the replica reported with its last lease request.</summary>
    public ReplicaMemory Memory { get; set; }

    /// <summary>Where this lease sits in <see cref="LiveLeases"/> while it runs; null otherwise.</summary>
    internal LinkedListNode<ReplicaLease>? EndNode { get; set; }

    /// <summary>The <see cref="EffectiveLsn"/> under which <see cref="LiveLeases"/> indexed this lease.</summary>
    internal long IndexedLsn { get; set; } = long.MinValue;

    /// <summary>The LSN up to which this session cannot answer from older state.</summary>
    public long EffectiveLsn => Math.Max(AckedLsn, FirstRequiredLsn);
}
