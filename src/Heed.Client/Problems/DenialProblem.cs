namespace Heed.Client.Problems;

/// <summary>The RFC 9457 body of a denied request: the standard members plus the decision. It never
/// carries the subject, which may be personal data and which the caller already knows.</summary>
internal sealed record DenialProblem(string Type, string Title, int Status, string Detail, string Reason, string Purpose, string? Matched, long Lsn);
