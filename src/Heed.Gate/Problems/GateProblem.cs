namespace Heed.Gate.Problems;

/// <summary>An RFC 9457 body the gate answers with. It never carries the subject (personal data the caller
/// already knows). A refused event names its <c>type</c> and <c>schemaversion</c>; a refused batch lists each
/// event that was refused in <see cref="Events"/>.</summary>
public sealed record GateProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string? Reason,
    string? Purpose,
    string? Matched,
    long? Lsn,
    string? Route,
    string? EventType = null,
    string? SchemaVersion = null,
    IReadOnlyList<RefusedEvent>? Events = null);
