using System.Text.Json;
using System.Text.Json.Serialization;

namespace Heed.Protocol.Receipts;

/// <summary>
/// The body of <c>POST /v1/receipts</c> (docs/monitoring.md): receipts in a batch, all or none, with the
/// reporter that sent them. The SDK, the sidecar and the relay send it; the registry stores it durably.
/// </summary>
/// <param name="Receipts">At most <see cref="ReceiptLimits.BatchLimit"/> receipts.</param>
/// <param name="Reporter">Who reports, and how many receipts it dropped so far; optional.</param>
public sealed record ReceiptBatch(IReadOnlyList<ReceiptItem>? Receipts, ReceiptReporter? Reporter = null);

/// <summary>One service's report that it processed an event of a subject for a purpose.</summary>
/// <param name="Id">The receipt's own id, made by the reporter (a UUIDv7, 32 hex digits) so that a batch sent
/// twice is stored once; when absent the registry makes one (and cannot tell a resent receipt).</param>
/// <param name="Subject">The subject, in any form the registry accepts; stored canonical.</param>
/// <param name="Purpose">The purpose the event was processed for.</param>
/// <param name="Service">The service that processed it.</param>
/// <param name="EventId">The event's id (a CloudEvents <c>id</c>, a message id): the same event processed twice
/// is two receipts with one event id.</param>
/// <param name="ProcessedAt">When the service processed it.</param>
/// <param name="DecisionId">The decision the processing relied on (<c>decisionId</c> of a check); absent:
/// processing without a decision, a violation.</param>
/// <param name="Lsn">The decision's LSN (<c>lsn</c> of the check).</param>
/// <param name="EnforcementPoint">The replica id of the enforcement point that decided, when known.</param>
public sealed record ReceiptItem(
    string? Id,
    string? Subject,
    string? Purpose,
    string? Service,
    string? EventId,
    DateTimeOffset? ProcessedAt,
    string? DecisionId = null,
    long? Lsn = null,
    string? EnforcementPoint = null);

/// <summary>The process that sends receipts.</summary>
/// <param name="Id">Stable for the life of the process (the replica id, for an enforcement point).</param>
/// <param name="Kind"><c>sdk</c>, <c>sidecar</c>, <c>relay</c>, or another reporter's name.</param>
/// <param name="Dropped">Receipts it dropped since it started (a full buffer, a registry that refused them for
/// good): cumulative, so a resent batch does not count them twice.</param>
public sealed record ReceiptReporter(string? Id, string? Kind, long Dropped = 0);

/// <summary>The answer to <c>POST /v1/receipts</c>: every receipt of the batch is durable.</summary>
/// <param name="Accepted">Receipts stored by this request.</param>
/// <param name="Duplicates">Receipts whose id was stored before (a resent batch); stored once.</param>
public sealed record ReceiptBatchAnswer(int Accepted, int Duplicates);

/// <summary>The bounds of a receipt batch.</summary>
public static class ReceiptLimits
{
    /// <summary>Receipts in one batch.</summary>
    public const int BatchLimit = 10_000;

    /// <summary>Characters of a service name, an event id, a receipt id, a decision id, a reporter id or kind.</summary>
    public const int MaxFieldLength = 256;
}

/// <summary>Source-generated JSON for the receipt contracts, shared by every reporter and the registry.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReceiptBatch))]
[JsonSerializable(typeof(ReceiptBatchAnswer))]
public sealed partial class ReceiptJsonContext : JsonSerializerContext;
