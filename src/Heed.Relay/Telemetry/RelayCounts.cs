namespace Heed.Relay.Telemetry;

/// <summary>
/// A moment's totals. Every delivery is counted in <see cref="In"/> once and, once settled, in exactly one
/// of forwarded, denied, quarantined or requeued; redeliveries count again (delivery is at-least-once).
/// </summary>
public sealed record RelayCounts(long In, long Forwarded, long Denied, long Quarantined, long Requeued, long Redelivered)
{
    /// <summary>Deliveries taken but not settled yet.</summary>
    public long InFlight => In - Forwarded - Denied - Quarantined - Requeued;

    public override string ToString() =>
        $"in={In} forwarded={Forwarded} denied={Denied} quarantined={Quarantined} requeued={Requeued} redelivered={Redelivered} inflight={InFlight}";
}
