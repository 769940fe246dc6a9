namespace Heed.Registry.Monitoring.Alerts;

/// <summary>Something a person must hear of at once (docs/monitoring.md): sent to every alert webhook.</summary>
/// <param name="Kind">One of <see cref="AlertKinds"/>.</param>
/// <param name="Severity"><c>critical</c>, <c>warning</c> or <c>info</c> (<see cref="AlertSeverities"/>).</param>
/// <param name="At">When it happened.</param>
/// <param name="Summary">One line for a person.</param>
/// <param name="Details">Ids and names to act on (violation id, override id, replica id, service, …).</param>
public sealed record Alert(string Kind, string Severity, DateTimeOffset At, string Summary, IReadOnlyDictionary<string, string> Details);

public static class AlertKinds
{
    public const string Violation = "violation";
    public const string CanaryEscaped = "canary.escaped";
    public const string OverrideRequested = "override.requested";
    public const string OverrideApproved = "override.approved";
    public const string OverrideExpired = "override.expired";
    public const string LeaseLost = "lease.lost";
}

public static class AlertSeverities
{
    public const string Critical = "critical";
    public const string Warning = "warning";
    public const string Info = "info";
}
