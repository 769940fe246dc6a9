using Heed.Storage.Ledger;

namespace Heed.Storage.Audit;

/// <summary>A signed checkpoint to check, and where it came from (for messages): "the kept checkpoint", "--since old.txt".</summary>
public sealed record CheckpointToVerify(string Source, string Note);

/// <summary>What <see cref="AuditVerifier"/> found. Verified when <see cref="Problems"/> is empty.</summary>
/// <param name="Entries">How many entries, from LSN 1, passed the chain check.</param>
/// <param name="Checkpoint">The newest checkpoint, when its signature verified.</param>
/// <param name="Root">The recomputed root at the checkpoint's size (or of every entry when there is no checkpoint).</param>
/// <param name="Earlier">The earlier checkpoints whose signature and origin verified, in the order given.</param>
public sealed record AuditVerification(long Entries, Checkpoint? Checkpoint, byte[] Root, IReadOnlyList<string> Problems, IReadOnlyList<Checkpoint> Earlier)
{
    public bool Verified => Problems.Count == 0;
}

/// <summary>
/// <c>heed audit verify</c>'s checks, for a store or the registry's entries alike: every entry's chain link and hash
/// (<see cref="LedgerChainVerifier"/>), every leaf (<see cref="LedgerLeaf"/>) and the Merkle root; the newest signed
/// checkpoint (its signature under the verifier key, its origin, its root at its size, a size beyond the ledger meaning
/// a truncated tail); and any earlier checkpoints the same way (consistency: the tree at their size has their root).
/// Entries are read page by page; only their leaf hashes are kept (the tree, about 64 bytes an entry).
/// </summary>
public static class AuditVerifier
{
    /// <param name="readAfter">The entries after an LSN, in LSN order; an empty page ends the ledger.</param>
    /// <param name="verifier">The key the checkpoints must be signed with; its name must be their origin.</param>
    /// <param name="origin">The expected origin, <c>heed/&lt;ledger id&gt;</c>, when the ledger id is known; else the key's name is.</param>
    /// <param name="newest">The newest signed checkpoint, or null when there is none (a problem: nothing to check the root against).</param>
    /// <param name="earlier">Earlier checkpoints the ledger must still be consistent with.</param>
    public static async Task<AuditVerification> VerifyAsync(
        Func<long, CancellationToken, Task<IReadOnlyList<LedgerEntry>>> readAfter,
        NoteVerifier verifier,
        string? origin,
        CheckpointToVerify? newest,
        IReadOnlyList<CheckpointToVerify> earlier,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readAfter);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(earlier);
        var problems = new List<string>();
        string expectedOrigin = origin ?? verifier.Name;
        if (verifier.Name != expectedOrigin)
        {
            problems.Add($"the verifier key is the key of '{verifier.Name}', and this ledger's checkpoints are '{expectedOrigin}'");
        }

        Checkpoint? checkpoint = newest is null ? null : Open(newest, verifier, expectedOrigin, problems);
        if (newest is null)
        {
            problems.Add("there is no signed checkpoint to check the entries against");
        }

        var opened = new List<(CheckpointToVerify Given, Checkpoint Checkpoint)>();
        foreach (CheckpointToVerify given in earlier)
        {
            if (Open(given, verifier, expectedOrigin, problems) is { } earlierCheckpoint)
            {
                opened.Add((given, earlierCheckpoint));
            }
        }

        var tree = new MerkleTree();
        LedgerChainResult chain = await LedgerChainVerifier.VerifyAsync(readAfter, entry => LedgerTree.Append(tree, entry), cancellationToken);
        if (chain.Problem is not null)
        {
            problems.Insert(0, chain.Problem);
        }

        if (checkpoint is not null)
        {
            CheckRoot(newest!.Source, checkpoint, tree, chain, problems);
        }

        foreach ((CheckpointToVerify given, Checkpoint earlierCheckpoint) in opened)
        {
            CheckRoot(given.Source, earlierCheckpoint, tree, chain, problems);
        }

        long size = checkpoint is not null && checkpoint.Size <= tree.Count ? checkpoint.Size : tree.Count;
        return new AuditVerification(chain.Entries, checkpoint, tree.Root(size), problems, [.. opened.Select(o => o.Checkpoint)]);
    }

    private static Checkpoint? Open(CheckpointToVerify given, NoteVerifier verifier, string origin, List<string> problems)
    {
        if (!verifier.TryOpen(given.Note, out string text))
        {
            problems.Add($"{given.Source} is not signed by the verifier key {verifier.Name}+{NoteKey.Hex(verifier.KeyId)} (another key signed it, or it was changed)");
            return null;
        }

        if (!Checkpoint.TryParse(text, out Checkpoint? checkpoint))
        {
            problems.Add($"{given.Source} is signed but is not a checkpoint (origin, size, base64 root)");
            return null;
        }

        if (checkpoint!.Origin != origin)
        {
            problems.Add($"{given.Source} is a checkpoint of '{checkpoint.Origin}', not of this ledger ('{origin}')");
            return null;
        }

        return checkpoint;
    }

    private static void CheckRoot(string source, Checkpoint checkpoint, MerkleTree tree, LedgerChainResult chain, List<string> problems)
    {
        if (checkpoint.Size > tree.Count)
        {
            // Past a broken chain there is no tree to compare with; the chain's problem already fails the ledger.
            if (chain.Problem is null)
            {
                problems.Add($"{source} covers {checkpoint.Size} entries but the ledger has only {tree.Count}: entries {tree.Count + 1} to {checkpoint.Size} are missing (the tail was truncated)");
            }

            return;
        }

        if (!tree.Root(checkpoint.Size).AsSpan().SequenceEqual(checkpoint.Root))
        {
            problems.Add($"{source} has root {Convert.ToBase64String(checkpoint.Root)}, but the first {checkpoint.Size} entries recompute to {Convert.ToBase64String(tree.Root(checkpoint.Size))}: an entry up to LSN {checkpoint.Size} was changed, removed or reordered since it was signed");
        }
    }
}
