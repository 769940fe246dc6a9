namespace Heed.Storage.Ledger;

/// <summary>One current opt-out of the materialized state.</summary>
public sealed record OptOutRow(string Subject, string Purpose, long Lsn, DateTimeOffset Since, string? Source);
