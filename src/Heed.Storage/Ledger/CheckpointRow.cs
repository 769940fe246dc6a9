namespace Heed.Storage.Ledger;

/// <summary>A signed checkpoint of the audit tree kept in the store: the tree size and the signed note (docs/audit.md).</summary>
public sealed record CheckpointRow(long Size, string Note);
