namespace Heed.Registry.Replication;

/// <summary>What a replica reports about its table: live records and the bytes the table holds.
/// Self-reported, so for display only; negative values are read as unknown.</summary>
public readonly record struct ReplicaMemory(long Records, long TableBytes)
{
    /// <summary>Bytes per record, or null before the replica reported any records.</summary>
    public double? BytesPerRecord => Records > 0 && TableBytes >= 0 ? Math.Round((double)TableBytes / Records, 1) : null;
}
