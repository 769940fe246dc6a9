using Heed.Storage.Ledger;

namespace Heed.Storage.GroupCommit;

/// <summary>A group committed to the store but not yet known durable: its submitters, its entries, and its sync once started.</summary>
internal sealed class PendingCommit(List<Submission> group, IReadOnlyList<LedgerEntry> committed)
{
    public List<Submission> Group { get; } = group;

    public IReadOnlyList<LedgerEntry> Committed { get; } = committed;

    public Task? Sync { get; private set; }

    /// <summary>Starts the sync on another thread, so the writer can commit the next group meanwhile.</summary>
    public PendingCommit StartSync(ILedgerStore store)
    {
        Sync = Task.Run(() => store.SyncAsync());
        return this;
    }
}
