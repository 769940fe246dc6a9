namespace Heed.Client;

/// <summary>A moment's view of a replica, for health endpoints, logs and dashboards.</summary>
/// <param name="IsConnected">Whether the replication stream is open (after the registry's welcome).</param>
/// <param name="IsFresh">Whether checks can answer from the replica now (a valid lease).</param>
/// <param name="AppliedLsn">The highest LSN applied.</param>
/// <param name="LastError">The last failure, kept until the next successful connection; a
/// <see cref="HeedRefusedException"/> when the registry refused this replica.</param>
/// <param name="LastErrorAt">When <paramref name="LastError"/> happened.</param>
/// <param name="NextAttemptAt">When the replica will next try to connect, while it waits after a failure.</param>
public sealed record HeedStatus(bool IsConnected, bool IsFresh, long AppliedLsn, HeedException? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? NextAttemptAt)
{
    /// <summary>True when the registry refused this replica; it will not become fresh without a change
    /// (upgrade, a valid key, a matching taxonomy).</summary>
    public bool IsRefused => LastError is HeedRefusedException;
}
