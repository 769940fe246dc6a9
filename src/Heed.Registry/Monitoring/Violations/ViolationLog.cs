using System.Diagnostics.Metrics;
using System.Text.Json;
using Heed.Registry.Monitoring.Alerts;
using Heed.Registry.Telemetry;
using Heed.Storage.Monitoring;

namespace Heed.Registry.Monitoring.Violations;

/// <summary>
/// The registry's violations (<see cref="IViolationLog"/>, <see cref="IViolationRecorder"/>) on a
/// <see cref="ViolationStore"/> in <c>monitoring.db</c>. Recording stores the violation, counts it
/// (<c>heed.violations</c>, by kind and service) and raises its alert; an alert that a crash kept from being raised is
/// raised by <see cref="RaiseUnalertedAsync"/> at the next start.
/// </summary>
public sealed class ViolationLog : IViolationLog, IViolationRecorder
{
    public const int MaxLimit = 1_000;

    private readonly ViolationStore _store;
    private readonly IAlertSink _alerts;
    private readonly TimeProvider _time;
    private readonly Counter<long> _violations;

    public ViolationLog(ViolationStore store, IAlertSink alerts, TimeProvider time, IMeterFactory meterFactory)
    {
        _store = store;
        _alerts = alerts;
        _time = time;
        _violations = meterFactory.Create(RegistryMetrics.MeterName).CreateCounter<long>("heed.violations", "{violation}", "Violations recorded, by kind and service (docs/monitoring.md)");
    }

    /// <summary>Raised after a violation is recorded for the first time, with its id.</summary>
    public event Action<string>? Recorded;

    public ValueTask<string> RecordAsync(NewViolation violation, CancellationToken cancellationToken = default) =>
        RecordOnceAsync(violation, key: null, cancellationToken);

    /// <summary>Records <paramref name="violation"/> unless one of <paramref name="key"/> was recorded before (then returns
    /// that one's id, raising its alert only if it never was).</summary>
    public async ValueTask<string> RecordOnceAsync(NewViolation violation, string? key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(violation);
        DateTimeOffset now = _time.GetUtcNow();
        violation = violation with { Severity = SeverityOf(violation.Kind) };
        ViolationInsert stored = await _store.InsertAsync(
            new ViolationRow(key, violation.Kind, violation.Severity, violation.Service, violation.EnforcementPoint, violation.Subject, violation.Purpose, now, violation.ProcessedAt, violation.Summary, violation.Evidence.GetRawText()),
            cancellationToken);
        if (stored.Inserted)
        {
            _violations.Add(1, new KeyValuePair<string, object?>("kind", violation.Kind), new KeyValuePair<string, object?>("service", violation.Service));
        }

        if (!stored.Alerted)
        {
            await RaiseAsync(stored.Id, violation.Kind, violation.Severity, violation.Service, violation.Subject, violation.Summary, now, cancellationToken);
        }

        if (stored.Inserted)
        {
            Recorded?.Invoke(stored.Id);
        }

        return stored.Id;
    }

    /// <summary>Raises the alert of every violation recorded whose alert was not raised (a crash in between).</summary>
    public async Task RaiseUnalertedAsync(CancellationToken cancellationToken)
    {
        while (_store.ReadUnalerted(100) is { Count: > 0 } rows)
        {
            foreach (StoredViolation v in rows)
            {
                await RaiseAsync(v.Id, v.Row.Kind, v.Row.Severity, v.Row.Service, v.Row.Subject, v.Row.Summary, v.Row.DetectedAt, cancellationToken);
            }
        }
    }

    public Task<ViolationPage> ListAsync(ViolationFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        long? before = null;
        if (filter.Before is not null)
        {
            before = _store.Find(filter.Before)?.Seq ?? throw new ArgumentException($"no violation '{filter.Before}' to list before", nameof(filter));
        }

        int limit = Math.Clamp(filter.Limit, 1, MaxLimit);
        IReadOnlyList<StoredViolation> rows = _store.List(new ViolationQuery(filter.Service, filter.Kind, filter.From, filter.To, filter.Subject, limit, before));
        return Task.FromResult(new ViolationPage([.. rows.Select(View)], rows.Count == limit ? rows[^1].Id : null));
    }

    /// <summary>Whether a violation of <paramref name="id"/> is recorded.</summary>
    public bool Exists(string id) => _store.Find(id) is not null;

    public Task<ViolationView?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.Find(id) is { } row ? View(row) : null);

    public Task<IReadOnlyList<ViolationCount>> CountAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ViolationCount>>([.. _store.Count(since).Select(c => new ViolationCount(c.Service, c.Kind, c.Count))]);

    /// <summary>The kind decides the severity: a canary is critical, every other kind a warning.</summary>
    public static string SeverityOf(string kind) => kind == ViolationKinds.Canary ? AlertSeverities.Critical : AlertSeverities.Warning;

    private async Task RaiseAsync(string id, string kind, string severity, string service, string subject, string summary, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string>
        {
            ["violationId"] = id,
            ["kind"] = kind,
            ["service"] = service,
            ["subject"] = subject,
        };
        await _alerts.RaiseAsync(new Alert(AlertKinds.Violation, severity, at, summary, details), cancellationToken);
        await _store.MarkAlertedAsync(id, cancellationToken);
    }

    private static ViolationView View(StoredViolation stored)
    {
        ViolationRow row = stored.Row;
        using JsonDocument evidence = JsonDocument.Parse(row.Evidence);
        return new ViolationView(stored.Id, row.Kind, row.Severity, row.Service, row.EnforcementPoint, row.Subject, row.Purpose, row.DetectedAt, row.ProcessedAt, row.Summary, evidence.RootElement.Clone());
    }
}
