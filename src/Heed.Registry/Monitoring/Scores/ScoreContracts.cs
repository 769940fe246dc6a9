namespace Heed.Registry.Monitoring.Scores;

/// <summary><c>GET /v1/scores</c>: a score per enforcement point and per service over a window (docs/monitoring.md says how each is computed).</summary>
public sealed record ScoreReport(DateTimeOffset At, long WindowSeconds, IReadOnlyList<ScoreRow> EnforcementPoints, IReadOnlyList<ScoreRow> Services);

/// <summary>One enforcement point's or one service's figures; a figure that does not apply is null.</summary>
/// <param name="Name">The replica id (an enforcement point) or the service name.</param>
/// <param name="Kind">For an enforcement point: sdk, sidecar, gate, relay.</param>
/// <param name="Service">For an enforcement point: the service it enforces for.</param>
/// <param name="LeaseUptime">Share of the window it held a valid lease, 0–1.</param>
/// <param name="LagEntries">Entries it is behind the head now.</param>
/// <param name="CanaryDenials">Canary denials in the window: its proof of life.</param>
/// <param name="LastCanaryDenial">When it last denied a canary.</param>
/// <param name="CanaryAlive">Whether it denied a canary within the proof-of-life period.</param>
/// <param name="Processed">Processing reported in the window (receipts).</param>
/// <param name="Violations">Violations in the window.</param>
/// <param name="ViolationsPerMillion">Violations per million processed.</param>
/// <param name="OverrideAllows">Decisions overrides turned into allows.</param>
/// <param name="ReceiptShare">Share of its allows that a receipt reported as processed, 0–1.</param>
/// <param name="Score">0–100, from the figures above (docs/monitoring.md).</param>
public sealed record ScoreRow(
    string Name,
    string? Kind,
    string? Service,
    double? LeaseUptime,
    long? LagEntries,
    long? CanaryDenials,
    DateTimeOffset? LastCanaryDenial,
    bool? CanaryAlive,
    long Processed,
    long Violations,
    double? ViolationsPerMillion,
    long OverrideAllows,
    double? ReceiptShare,
    double Score);

/// <summary>Computes the scores; the API and the console read them from here.</summary>
public interface IScoreBoard
{
    ValueTask<ScoreReport> ComputeAsync(TimeSpan window, CancellationToken cancellationToken = default);
}
