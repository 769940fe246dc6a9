using Heed.Client;
using Heed.Relay.Audit;
using Heed.Relay.Telemetry;

namespace Heed.Relay.Hosting;

/// <summary>The relay as operators and tests see it: counters, recent denials, and whether it consumes.</summary>
public sealed class RelayStatus
{
    private readonly RelayMetrics _metrics;
    private readonly DenialAudit _audit;
    private readonly IHeedEnforcer _enforcer;
    private readonly TaskCompletionSource _consuming = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RelayStatus(RelayMetrics metrics, DenialAudit audit, IHeedEnforcer enforcer)
    {
        _enforcer = enforcer;
        _metrics = metrics;
        _audit = audit;
    }

    public RelayCounts Counts => _metrics.Snapshot();

    /// <summary>Whether the replica holds a lease; while it does not, deliveries are held unacknowledged in their queues.</summary>
    public bool IsReplicaFresh => _enforcer.IsFresh;

    public IReadOnlyList<DenialRecord> RecentDenials => _audit.Recent();

    /// <summary>Completes once every configured queue is being consumed (after the replica got its first lease);
    /// faults if the relay could not start (bad topology).</summary>
    public Task WhenConsuming => _consuming.Task;

    internal void SetConsuming() => _consuming.TrySetResult();

    internal void SetFailed(Exception error) => _consuming.TrySetException(error);
}
