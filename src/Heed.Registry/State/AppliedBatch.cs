using Heed.Storage.Ledger;

namespace Heed.Registry.State;

/// <summary>One commit as applied: its entries and the slots they changed, in LSN order.</summary>
public sealed record AppliedBatch(IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<SlotChange> Changes)
{
    public long LastLsn => Entries[^1].Lsn;
}
