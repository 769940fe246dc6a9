namespace Heed.Storage.Ledger;

/// <summary>
/// One entry of an append cannot be written (it breaks a rule of the ledger or of the state it feeds);
/// the store itself is fine. <see cref="EntryIndex"/> is the entry's position in the append, so a group
/// commit can refuse the submission it came from and commit the others.
/// </summary>
public sealed class LedgerEntryException : ArgumentException
{
    public LedgerEntryException(int entryIndex, string reason, Exception? inner = null)
        : base($"entry {entryIndex}: {reason}", inner)
    {
        EntryIndex = entryIndex;
        Reason = reason;
    }

    public int EntryIndex { get; }

    /// <summary>What is wrong with the entry, without its position.</summary>
    public string Reason { get; }

    /// <summary>The same refusal for the same entry, at its position in another list (a submission within a group).</summary>
    public LedgerEntryException At(int entryIndex) => new(entryIndex, Reason, InnerException);
}
