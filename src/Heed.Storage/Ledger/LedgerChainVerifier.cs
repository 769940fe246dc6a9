namespace Heed.Storage.Ledger;

/// <summary>
/// Walks a whole ledger through <see cref="ILedgerStore.ReadAfterAsync"/> and checks what G4 promises:
/// LSNs run 1, 2, 3… up to the head, every entry links to the one before, every hash recomputes.
/// Store-agnostic, so it checks every implementation the same way; the seed of <c>heed audit verify</c>.
/// </summary>
internal static class LedgerChainVerifier
{
    /// <summary>Returns null when the chain verifies, otherwise what is wrong with the first bad entry.</summary>
    public static async Task<string?> VerifyAsync(ILedgerStore store, int pageSize = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        long expected = 1;
        byte[] previousHash = EntryHasher.Genesis;
        while (true)
        {
            IReadOnlyList<LedgerEntry> page = await store.ReadAfterAsync(expected - 1, pageSize, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (LedgerEntry entry in page)
            {
                if (entry.Lsn != expected)
                {
                    return $"entry {expected} is missing; the next entry is {entry.Lsn}";
                }

                if (!entry.PrevHash.AsSpan().SequenceEqual(previousHash))
                {
                    return $"entry {entry.Lsn} does not link to the entry before it";
                }

                if (!EntryHasher.Compute(entry).AsSpan().SequenceEqual(entry.Hash))
                {
                    return $"entry {entry.Lsn} does not match its hash";
                }

                previousHash = entry.Hash;
                expected++;
            }
        }

        long head = await store.GetHeadAsync(cancellationToken);
        return head == expected - 1 ? null : $"the head is {head} but the entries end at {expected - 1}";
    }
}
