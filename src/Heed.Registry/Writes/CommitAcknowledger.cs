namespace Heed.Registry.Writes;

/// <summary>Acknowledges at commit: right for a registry with no replicas connected.</summary>
public sealed class CommitAcknowledger(TimeProvider time) : IEnforcementAcknowledger
{
    public ValueTask<DateTimeOffset> WaitEnforcedAsync(long lsn, CancellationToken cancellationToken) =>
        ValueTask.FromResult(time.GetUtcNow());
}
