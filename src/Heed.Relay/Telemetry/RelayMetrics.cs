using System.Diagnostics.Metrics;
using Heed.Relay.Enforcement;

namespace Heed.Relay.Telemetry;

/// <summary>
/// The relay's counters: OpenTelemetry instruments on the <c>Heed.Relay</c> meter (tagged by queue,
/// outcome and reason) and plain totals for logs, the shutdown summary and tests.
/// </summary>
public sealed class RelayMetrics
{
    public const string MeterName = "Heed.Relay";

    private readonly Counter<long> _in;
    private readonly Counter<long> _settled;
    private long _inTotal;
    private long _forwarded;
    private long _denied;
    private long _quarantined;
    private long _requeued;
    private long _redelivered;

    public RelayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        _in = meter.CreateCounter<long>("heed.relay.messages.in", "{message}", "Deliveries taken from source queues, redeliveries included");
        _settled = meter.CreateCounter<long>("heed.relay.messages.settled", "{message}", "Deliveries settled, by outcome (forwarded, denied, quarantined, requeued) and reason");
    }

    public RelayCounts Snapshot() => new(
        Interlocked.Read(ref _inTotal),
        Interlocked.Read(ref _forwarded),
        Interlocked.Read(ref _denied),
        Interlocked.Read(ref _quarantined),
        Interlocked.Read(ref _requeued),
        Interlocked.Read(ref _redelivered));

    public void Received(string queue, bool redelivered)
    {
        Interlocked.Increment(ref _inTotal);
        if (redelivered)
        {
            Interlocked.Increment(ref _redelivered);
        }

        _in.Add(1, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("redelivered", redelivered));
    }

    public void Settled(string queue, RelayVerdict verdict, string reason)
    {
        string outcome = verdict switch
        {
            RelayVerdict.Forward => Increment(ref _forwarded, "forwarded"),
            RelayVerdict.Deny => Increment(ref _denied, "denied"),
            _ => Increment(ref _quarantined, "quarantined"),
        };
        Record(queue, outcome, reason);
    }

    public void Requeued(string queue, string reason)
    {
        Interlocked.Increment(ref _requeued);
        Record(queue, "requeued", reason);
    }

    private static string Increment(ref long counter, string outcome)
    {
        Interlocked.Increment(ref counter);
        return outcome;
    }

    private void Record(string queue, string outcome, string reason) =>
        _settled.Add(
            1,
            new KeyValuePair<string, object?>("queue", queue),
            new KeyValuePair<string, object?>("outcome", outcome),
            new KeyValuePair<string, object?>("reason", reason));
}
