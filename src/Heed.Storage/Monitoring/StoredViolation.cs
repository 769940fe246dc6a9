namespace Heed.Storage.Monitoring;

/// <summary>A violation as <see cref="ViolationStore"/> keeps it.</summary>
/// <param name="Seq">Its place in recording order; lists go newest first by it.</param>
/// <param name="Id">Its id, <c>vio_</c> and a UUIDv7 (32 hex digits).</param>
/// <param name="Alerted">Whether its alert was raised; one that was not is raised again on start.</param>
public sealed record StoredViolation(long Seq, string Id, ViolationRow Row, bool Alerted);

/// <summary>A violation to keep; <see cref="Evidence"/> is JSON text, kept as given.</summary>
/// <param name="Key">What makes it one violation (for receipt detection: the receipt id and the kind): a second
/// record of the same key is not stored again. Null: always a new one.</param>
public sealed record ViolationRow(
    string? Key,
    string Kind,
    string Severity,
    string Service,
    string? EnforcementPoint,
    string Subject,
    string Purpose,
    DateTimeOffset DetectedAt,
    DateTimeOffset? ProcessedAt,
    string Summary,
    string Evidence);

/// <summary>What to list, newest first; every filter optional. <see cref="From"/> is inclusive, <see cref="To"/>
/// exclusive, both on the detection time; <see cref="BeforeSeq"/> is the cursor of a page.</summary>
public sealed record ViolationQuery(string? Service, string? Kind, DateTimeOffset? From, DateTimeOffset? To, string? Subject, int Limit, long? BeforeSeq);

/// <summary>What one insert did: the violation's id, and whether it is new (false: its key was recorded before).</summary>
public readonly record struct ViolationInsert(string Id, bool Inserted, bool Alerted);
