using System.Diagnostics.Metrics;
using Heed.Core.Decisions;
using Heed.Registry.Overrides;
using Heed.Registry.Writes;
using Heed.Storage.GroupCommit;

namespace Heed.Registry.Telemetry;

/// <summary>The registry's OpenTelemetry instruments, exported in Prometheus form at <c>/metrics</c>.</summary>
public sealed class RegistryMetrics
{
    public const string MeterName = "Heed.Registry";

    private readonly Counter<long> _checks;
    private readonly Counter<long> _bulkChecked;
    private readonly Counter<long> _bulkRefused;
    private readonly Histogram<double> _writeDuration;
    private readonly Counter<long> _writes;
    private readonly KeyValuePair<string, object?>[][] _checkTags;

    public RegistryMetrics(IMeterFactory meterFactory, GroupCommitWriter writer, WritePipeline writes, OverrideDecisions overrides)
    {
        Meter meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("heed.override.decisions", () => overrides.All().Select(static c => new Measurement<long>(
            c.Allowed,
            new KeyValuePair<string, object?>("override", c.OverrideId),
            new KeyValuePair<string, object?>("enforcement_point", c.EnforcementPoint))), "{decision}", "Decisions each override turned into an allow, per enforcement point, as the replicas report them with their lease requests");
        meter.CreateObservableCounter("heed.store.errors", () => writer.StoreErrors, "{error}", "Store errors: failed appends and failed attempts to recover (a full disk, an I/O error, a locked or read-only file)");
        meter.CreateObservableGauge("heed.writes.refused", () => writes.RefusedBecause is null ? 0 : 1, "{state}", "1 while writes are refused (the store fails, or the data directory lock was lost); /readyz says why");
        _checks = meter.CreateCounter<long>("heed.checks", "{check}", "Checks answered, by result and reason");
        _bulkChecked = meter.CreateCounter<long>("heed.bulk_checks.items", "{item}", "Items checked through POST /v1/check/batch, by key id");
        _bulkRefused = meter.CreateCounter<long>("heed.bulk_checks.refused", "{item}", "Items of batch checks refused over the key's budget (429), by key id");
        _writes = meter.CreateCounter<long>("heed.writes", "{entry}", "Ledger entries written, by kind");
        _writeDuration = meter.CreateHistogram<double>("heed.write.duration", "s", "From receiving a write to answering it (durable, applied, acknowledged)");
        var reasons = Enum.GetValues<DecisionReason>();
        _checkTags = new KeyValuePair<string, object?>[reasons.Length][];
        foreach (DecisionReason reason in reasons)
        {
            _checkTags[(int)reason] =
            [
                new("result", DecisionReasons.IsAllow(reason) ? "allowed" : "denied"),
                new("reason", DecisionReasons.ToWire(reason)),
            ];
        }
    }

    public void CheckAnswered(DecisionReason reason, long count = 1) => _checks.Add(count, _checkTags[(int)reason]);

    public void BulkChecked(string keyId, int items) => _bulkChecked.Add(items, new KeyValuePair<string, object?>("key", keyId));

    public void BulkCheckRefused(string keyId, int items) => _bulkRefused.Add(items, new KeyValuePair<string, object?>("key", keyId));

    public void WriteAnswered(string kind, int entries, TimeSpan elapsed, bool enforced)
    {
        _writes.Add(entries, new KeyValuePair<string, object?>("kind", kind));
        _writeDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("enforced", enforced));
    }
}
