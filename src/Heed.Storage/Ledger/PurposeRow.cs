namespace Heed.Storage.Ledger;

/// <summary>A purpose added at runtime or deprecated, and the entries that did it (docs/schemas.md, "Purposes").
/// <see cref="AddLsn"/> is null for a built-in node (or a parent the add created) that was only deprecated.</summary>
public sealed record PurposeRow(
    string Name,
    long? AddLsn,
    DateTimeOffset? Added,
    string? AddedBy,
    long? DeprecateLsn,
    DateTimeOffset? Deprecated,
    string? DeprecatedBy,
    string? Successor);
