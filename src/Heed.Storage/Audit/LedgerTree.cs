using Heed.Storage.Ledger;

namespace Heed.Storage.Audit;

/// <summary>The audit tree of a ledger: leaf n − 1 is <see cref="LedgerLeaf.Hash"/> of the entry at LSN n.</summary>
public static class LedgerTree
{
    /// <summary>How many entries a build reads per page: bounded memory for any ledger.</summary>
    public const int PageSize = 4_096;

    /// <summary>Builds the tree of every entry in <paramref name="store"/>, reading it in pages.</summary>
    /// <exception cref="InvalidDataException">The LSNs are not 1, 2, 3, …</exception>
    public static async Task<MerkleTree> BuildAsync(ILedgerStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var tree = new MerkleTree();
        while (true)
        {
            IReadOnlyList<LedgerEntry> page = await store.ReadAfterAsync(tree.Count, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (LedgerEntry entry in page)
            {
                Append(tree, entry);
            }

            if (page.Count < PageSize)
            {
                return tree;
            }
        }
    }

    /// <summary>Appends the leaf of <paramref name="entry"/>, which must be the entry after the tree's last.</summary>
    /// <exception cref="InvalidDataException">Its LSN is not <see cref="MerkleTree.Count"/> + 1.</exception>
    public static void Append(MerkleTree tree, LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(entry);
        long expected = tree.Count + 1;
        if (entry.Lsn != expected)
        {
            throw new InvalidDataException($"the ledger entry at LSN {entry.Lsn} follows LSN {expected - 1}: the ledger has a gap or a repeat");
        }

        Span<byte> leaf = stackalloc byte[MerkleHash.Size];
        LedgerLeaf.Hash(entry, leaf);
        tree.Append(leaf);
    }
}
