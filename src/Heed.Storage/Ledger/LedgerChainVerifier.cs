namespace Heed.Storage.Ledger;

/// <summary>
/// Walks a whole ledger page by page and checks what G4 promises: LSNs run 1, 2, 3… up to the head, every entry
/// links to the one before, every hash recomputes. Store-agnostic (it reads pages from a store, or from the
/// registry's <c>GET /v1/audit/entries</c>), so it checks every source the same way; <c>heed audit verify</c>'s
/// chain check. Only the page being checked is held in memory.
/// </summary>
internal static class LedgerChainVerifier
{
    /// <summary>Returns null when the chain verifies, otherwise what is wrong with the first bad entry.</summary>
    public static async Task<string?> VerifyAsync(ILedgerStore store, int pageSize = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        LedgerChainResult result = await VerifyAsync((after, ct) => store.ReadAfterAsync(after, pageSize, ct), null, cancellationToken);
        if (result.Problem is not null)
        {
            return result.Problem;
        }

        long head = await store.GetHeadAsync(cancellationToken);
        return head == result.Entries ? null : $"the head is {head} but the entries end at {result.Entries}";
    }

    /// <summary>
    /// Reads pages from <paramref name="readAfter"/> (the entries after an LSN, in LSN order; an empty page ends the
    /// ledger) until the end or the first bad entry, and hands every good entry, in order, to <paramref name="verified"/>.
    /// </summary>
    public static async Task<LedgerChainResult> VerifyAsync(
        Func<long, CancellationToken, Task<IReadOnlyList<LedgerEntry>>> readAfter,
        Action<LedgerEntry>? verified,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readAfter);
        long expected = 1;
        byte[] previousHash = EntryHasher.Genesis;
        while (true)
        {
            IReadOnlyList<LedgerEntry> page = await readAfter(expected - 1, cancellationToken);
            if (page.Count == 0)
            {
                return new LedgerChainResult(expected - 1, null);
            }

            foreach (LedgerEntry entry in page)
            {
                string? problem = Check(entry, expected, previousHash);
                if (problem is not null)
                {
                    return new LedgerChainResult(expected - 1, problem);
                }

                verified?.Invoke(entry);
                previousHash = entry.Hash;
                expected++;
            }
        }
    }

    private static string? Check(LedgerEntry entry, long expected, byte[] previousHash)
    {
        if (entry.Lsn != expected)
        {
            return entry.Lsn > expected
                ? $"entry {expected} is missing; the next entry is {entry.Lsn}"
                : $"entry {expected} is out of order: LSN {entry.Lsn} comes after LSN {expected - 1}";
        }

        if (!entry.PrevHash.AsSpan().SequenceEqual(previousHash))
        {
            return $"entry {entry.Lsn} does not link to the entry before it (its previous hash is not the hash of entry {entry.Lsn - 1})";
        }

        if (!EntryHasher.Compute(entry).AsSpan().SequenceEqual(entry.Hash))
        {
            return $"entry {entry.Lsn} does not match its hash (its kind, subject, purpose, time or body was changed)";
        }

        return null;
    }
}

/// <summary>What <see cref="LedgerChainVerifier"/> found: how many entries, from LSN 1, verified, and the first problem.</summary>
internal sealed record LedgerChainResult(long Entries, string? Problem);
