namespace Heed.Client.Checks;

// The wire shapes of the check API, the same as the registry's, so a client can point at
// either. Nullable inputs let a missing field be reported as a 400 rather than fail deserialization.
internal sealed record CheckRequest(string? Subject, string? Purpose, string? Service, long? Token);

internal sealed record CheckResponse(bool Allowed, string Reason, long Lsn, string DecisionId, string? Matched);

internal sealed record CheckBatchRequest(List<CheckItem?>? Items, string? Service);

internal sealed record CheckItem(string? Subject, string? Purpose);

internal sealed record CheckResult(bool Allowed, string Reason, string? Matched);

internal sealed record CheckBatchResponse(long Lsn, List<CheckResult> Results);

internal sealed record HealthResponse(string Status, long Lsn, string? Detail = null);
