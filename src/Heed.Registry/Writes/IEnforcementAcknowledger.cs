namespace Heed.Registry.Writes;

/// <summary>
/// Decides when a committed LSN is enforced everywhere (docs/replication.md). Without replicas that is at
/// commit; the lease coordinator waits until every replica applied it or lost its lease.
/// </summary>
public interface IEnforcementAcknowledger
{
    /// <summary>Completes with the time <paramref name="lsn"/> became enforced everywhere; cancelled at the deadline.</summary>
    ValueTask<DateTimeOffset> WaitEnforcedAsync(long lsn, CancellationToken cancellationToken);
}
