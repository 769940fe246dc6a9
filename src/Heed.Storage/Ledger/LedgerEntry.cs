namespace Heed.Storage.Ledger;

/// <summary>An appended entry. <see cref="Hash"/> covers every field and <see cref="PrevHash"/>,
/// so the ledger is a hash chain from its first entry (docs/guarantees.md, G4).</summary>
public sealed record LedgerEntry(
    long Lsn,
    string Kind,
    string? Subject,
    string? Purpose,
    DateTimeOffset At,
    string Body,
    byte[] PrevHash,
    byte[] Hash);
