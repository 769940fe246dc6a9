using Heed.Core.Schemas;

namespace Heed.Storage.Ledger;

/// <summary>One registered schema version as the ledger made it: the <c>schema.register</c> entry that
/// registered it and, once its status changed, the last <c>schema.status</c> entry.</summary>
public sealed record SchemaRow(
    EventSchema Schema,
    long Lsn,
    DateTimeOffset Registered,
    string? RegisteredBy,
    long? StatusLsn,
    DateTimeOffset? StatusChanged,
    string? StatusChangedBy);
