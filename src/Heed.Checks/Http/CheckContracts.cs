namespace Heed.Checks.Http;

// The wire shapes of the check API, one set for the registry and every enforcement point, so a client
// can point at either. Nullable inputs let a missing field be reported as a 400 rather than fail parsing.

/// <summary>The body of <c>POST /v1/check</c>.</summary>
/// <param name="Subject">The subject, <c>kind:value</c>.</param>
/// <param name="Purpose">The purpose, e.g. <c>marketing.communications.email</c>.</param>
/// <param name="Service">The calling service, for the record.</param>
/// <param name="Token">A consistency token (an LSN from a write response) the answer must reflect.</param>
public sealed record CheckBody(string? Subject, string? Purpose, string? Service, long? Token);

/// <summary>The answer of <c>POST /v1/check</c>.</summary>
/// <param name="Allowed">Whether the subject's data may be used for the purpose.</param>
/// <param name="Reason">Why: <c>allowed</c>, <c>opted_out</c>, <c>unconfirmed</c>, …</param>
/// <param name="Lsn">The ledger position the answer reflects.</param>
/// <param name="DecisionId">A time-ordered id (UUIDv7, 32 hex digits) for receipts and audit.</param>
/// <param name="Matched">The purpose node whose opt-out denied the check (or would have, under an override), if any.</param>
/// <param name="OverrideId">For reason <c>override</c>: the override that allowed.</param>
public sealed record CheckAnswer(bool Allowed, string Reason, long Lsn, string DecisionId, string? Matched, string? OverrideId = null);

/// <summary>The body of <c>POST /v1/check/batch</c>.</summary>
/// <param name="Items">1 to 10,000 checks.</param>
/// <param name="Service">The calling service, for the record.</param>
public sealed record BatchCheckBody(List<BatchCheckItem?>? Items, string? Service);

/// <summary>One check of a batch.</summary>
/// <param name="Subject">The subject, <c>kind:value</c>.</param>
/// <param name="Purpose">The purpose.</param>
public sealed record BatchCheckItem(string? Subject, string? Purpose);

/// <summary>The answer to one check of a batch.</summary>
/// <param name="Allowed">Whether the subject's data may be used for the purpose.</param>
/// <param name="Reason">Why.</param>
/// <param name="Matched">The purpose node whose opt-out denied the check (or would have, under an override), if any.</param>
/// <param name="OverrideId">For reason <c>override</c>: the override that allowed.</param>
public sealed record BatchCheckResult(bool Allowed, string Reason, string? Matched, string? OverrideId = null);

/// <summary>The answer of <c>POST /v1/check/batch</c>: every check answered from one copy, in order.</summary>
/// <param name="Lsn">The ledger position every answer reflects.</param>
/// <param name="Results">One result per item, in order.</param>
public sealed record BatchCheckAnswer(long Lsn, List<BatchCheckResult> Results);
