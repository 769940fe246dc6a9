namespace Heed.Gate.Problems;

/// <summary>An RFC 9457 body the gate answers with. It never carries the subject (personal data the caller
/// already knows).</summary>
public sealed record GateProblem(string Type, string Title, int Status, string Detail, string? Reason, string? Purpose, string? Matched, long? Lsn, string? Route);
