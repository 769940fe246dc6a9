namespace Heed.Storage.Monitoring;

/// <summary>A receipt as the registry keeps it: validated, its subject canonical, in arrival order.</summary>
/// <param name="Seq">Its place in arrival order (1, 2, …); a tail of receipts reads <c>seq &gt; x</c>.</param>
/// <param name="Id">The reporter's receipt id, or one the registry made.</param>
/// <param name="DecisionId">The decision the processing relied on, or null: processing without a decision.</param>
/// <param name="Lsn">The decision's LSN, or null.</param>
/// <param name="ReceivedAt">When the registry stored it.</param>
/// <param name="Reporter">The reporter's id, or null.</param>
public sealed record StoredReceipt(
    long Seq,
    string Id,
    string Subject,
    string Purpose,
    string Service,
    string EventId,
    DateTimeOffset ProcessedAt,
    string? DecisionId,
    long? Lsn,
    string? EnforcementPoint,
    DateTimeOffset ReceivedAt,
    string? Reporter);

/// <summary>A receipt to store: what <see cref="StoredReceipt"/> holds before it has a place.</summary>
public sealed record NewReceipt(
    string Id,
    string Subject,
    string Purpose,
    string Service,
    string EventId,
    DateTimeOffset ProcessedAt,
    string? DecisionId,
    long? Lsn,
    string? EnforcementPoint);

/// <summary>What a reporter said of itself with its last batch.</summary>
/// <param name="Dropped">The most it ever reported: its count is cumulative.</param>
public sealed record ReporterRow(string Id, string Kind, long Dropped, DateTimeOffset LastSeen);

/// <summary>What one append stored.</summary>
public readonly record struct ReceiptAppend(int Accepted, int Duplicates, long LastSeq);
