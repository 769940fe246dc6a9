using System.Text.Json;

namespace Heed.Registry.Monitoring.Violations;

/// <summary>The kinds of violation (docs/monitoring.md), as they appear on the wire.</summary>
public static class ViolationKinds
{
    /// <summary>Processing after an opt-out was enforced, with a decision made before it (time of check vs time of use).</summary>
    public const string StaleDecision = "stale_decision";

    /// <summary>Processing without a decision.</summary>
    public const string NoDecision = "no_decision";

    /// <summary>Processing with a decision older than the configured maximum decision age.</summary>
    public const string TooOld = "too_old";

    /// <summary>Any allow of a canary subject, or any receipt for one. Always critical.</summary>
    public const string Canary = "canary";

    public static IReadOnlyList<string> All { get; } = [StaleDecision, NoDecision, TooOld, Canary];
}

/// <summary>A violation as <c>GET /v1/violations</c> and the console show it.</summary>
/// <param name="Id">Its id (time-ordered).</param>
/// <param name="Kind">One of <see cref="ViolationKinds"/>.</param>
/// <param name="Severity"><c>critical</c> or <c>warning</c>.</param>
/// <param name="Service">The service that processed (or the gate route's or queue's service).</param>
/// <param name="EnforcementPoint">The enforcement point that decided or let it through, when known.</param>
/// <param name="ProcessedAt">When the processing (or the allow) happened.</param>
/// <param name="Summary">One line for a person.</param>
/// <param name="Evidence">The receipt, the decision, and the ledger entries with their inclusion proofs (docs/monitoring.md).</param>
public sealed record ViolationView(
    string Id,
    string Kind,
    string Severity,
    string Service,
    string? EnforcementPoint,
    string Subject,
    string Purpose,
    DateTimeOffset DetectedAt,
    DateTimeOffset? ProcessedAt,
    string Summary,
    JsonElement Evidence);

/// <summary>A page of violations, newest first; <see cref="Next"/> is the cursor of the next page, or null.</summary>
public sealed record ViolationPage(IReadOnlyList<ViolationView> Items, string? Next);

/// <summary>What to list: every filter is optional.</summary>
public sealed record ViolationFilter(string? Service = null, string? Kind = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Subject = null, int Limit = 100, string? Before = null);

/// <summary>Violations of one kind for one service since some time: what scores and charts count.</summary>
public sealed record ViolationCount(string Service, string Kind, long Count);

/// <summary>
/// The violations the registry found, durable in <c>monitoring.db</c>. Detection records them; the API, the console
/// and the scores read them.
/// </summary>
public interface IViolationLog
{
    Task<ViolationPage> ListAsync(ViolationFilter filter, CancellationToken cancellationToken = default);

    Task<ViolationView?> FindAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ViolationCount>> CountAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}

/// <summary>A violation to record, found by receipt detection or by the canaries.</summary>
/// <param name="Evidence">What proves it (docs/monitoring.md): kept as given, shown as given.</param>
public sealed record NewViolation(
    string Kind,
    string Severity,
    string Service,
    string? EnforcementPoint,
    string Subject,
    string Purpose,
    DateTimeOffset? ProcessedAt,
    string Summary,
    JsonElement Evidence);

/// <summary>
/// Records a violation durably, counts it (<c>heed.violations</c>) and raises its alert; returns its id. Receipt
/// detection and the canaries both record through it.
/// </summary>
public interface IViolationRecorder
{
    ValueTask<string> RecordAsync(NewViolation violation, CancellationToken cancellationToken = default);
}
