using Heed.Storage.Ledger;

namespace Heed.Registry.Writes;

/// <summary>A durable write and whether it was enforced everywhere before its deadline.</summary>
public sealed record WriteOutcome(IReadOnlyList<LedgerEntry> Entries, DateTimeOffset ReceivedAt, DateTimeOffset? EnforcedAt)
{
    public long Lsn => Entries[^1].Lsn;

    public bool Enforced => EnforcedAt is not null;
}
