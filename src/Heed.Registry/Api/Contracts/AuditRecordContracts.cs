namespace Heed.Registry.Api.Contracts;

/// <summary>
/// A subject's complete record, for a regulator (CCPA regulations §7101): every request, when and how it
/// came in, when it was enforced everywhere, and what the response was; with the subject's current opt-outs.
/// </summary>
public sealed record SubjectRecordResponse(string Subject, DateTimeOffset GeneratedAt, long Head, List<OptOutView> OptOuts, List<RequestRecord> Requests);

/// <summary>One request of a subject, as the ledger entry <paramref name="Lsn"/> holds it.</summary>
/// <param name="Request"><c>opt-out</c> or <c>clear</c>.</param>
/// <param name="ReceivedAt">When the registry received it (the entry's time).</param>
/// <param name="Source">How it came in, e.g. <c>gpc</c>, <c>preference-center</c>, <c>import</c>.</param>
/// <param name="EnforcedAt">When every enforcement point had applied it or lost its lease; null when not recorded.</param>
/// <param name="Response">What the subject's data is for that purpose since: <c>opted_out</c> or <c>allowed</c>.</param>
public sealed record RequestRecord(
    long Lsn,
    string Request,
    string Purpose,
    DateTimeOffset ReceivedAt,
    string? Source,
    string? Jurisdiction,
    string? Evidence,
    DateTimeOffset? EnforcedAt,
    string Response);
