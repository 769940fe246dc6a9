using Heed.Storage.Ledger;

namespace Heed.Storage.Sqlite;

/// <summary>
/// An append worked out before anything is written: each entry's LSN, time, hash (chained) and, for an
/// opt-out set, the <c>source</c> its state row keeps. Inserting it is then only binding and stepping.
/// </summary>
internal sealed class PreparedAppend(IReadOnlyList<NewEntry> entries)
{
    public IReadOnlyList<NewEntry> Entries { get; } = entries;

    public LedgerEntry[] Committed { get; } = new LedgerEntry[entries.Count];

    public string?[] Sources { get; } = new string?[entries.Count];

    public int Count => Entries.Count;
}
