namespace Heed.Registry.Api.Contracts;

public sealed record CheckRequest(string? Subject, string? Purpose, string? Service, long? Token);

public sealed record CheckResponse(bool Allowed, string Reason, long Lsn, string DecisionId, string? Matched);

public sealed record CheckBatchRequest(List<CheckItem?>? Items, string? Service);

public sealed record CheckItem(string? Subject, string? Purpose);

public sealed record CheckResult(bool Allowed, string Reason, string? Matched);

public sealed record CheckBatchResponse(long Lsn, List<CheckResult> Results);
