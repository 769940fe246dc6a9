using Heed.Registry.State;
using Heed.Storage.Audit;
using Heed.Storage.Ledger;

namespace Heed.Registry.Audit;

/// <summary>
/// The ledger as an audit log: the Merkle tree of every committed entry, grown as entries are applied (a leaf hash
/// and O(log n) node hashes each, after the commit is durable, never inside it), and checkpoints of it signed
/// with the registry's key. A checkpoint is signed once per tree size.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private readonly NoteSigner _signer;
    private SignedCheckpoint? _last;

    private AuditLog(string origin, NoteSigner signer, MerkleTree tree)
    {
        Origin = origin;
        _signer = signer;
        Tree = tree;
    }

    /// <summary>The checkpoints' origin line and the key's name: <c>heed/&lt;ledger id&gt;</c>.</summary>
    public string Origin { get; }

    /// <summary>The verifier key, <c>name+hexid+base64</c>.</summary>
    public string VerifierKey => _signer.VerifierKey;

    public MerkleTree Tree { get; }

    /// <summary>Loads the key and the tree of every entry, then follows <paramref name="state"/>'s commits.
    /// Call after the state is loaded and before anything is written.</summary>
    public static async Task<AuditLog> OpenAsync(string dataDirectory, ILedgerStore store, RegistryState state, CancellationToken cancellationToken)
    {
        string origin = Checkpoint.OriginOf(state.LedgerId);
        NoteSigner signer = AuditKeyFile.LoadOrCreate(dataDirectory, origin);
        try
        {
            MerkleTree tree = await LedgerTree.BuildAsync(store, cancellationToken);
            var log = new AuditLog(origin, signer, tree);
            state.Applied += log.OnApplied;
            return log;
        }
        catch
        {
            signer.Dispose();
            throw;
        }
    }

    /// <summary>The signed checkpoint of the tree as it is now.</summary>
    public SignedCheckpoint Sign()
    {
        long size = Tree.Count;
        SignedCheckpoint? last = Volatile.Read(ref _last);
        if (last is not null && last.Checkpoint.Size == size)
        {
            return last;
        }

        var checkpoint = new Checkpoint(Origin, size, Tree.Root(size));
        var signed = new SignedCheckpoint(checkpoint, _signer.Sign(checkpoint.ToText()));
        Volatile.Write(ref _last, signed);
        return signed;
    }

    public void Dispose() => _signer.Dispose();

    private void OnApplied(AppliedBatch batch)
    {
        foreach (LedgerEntry entry in batch.Entries)
        {
            // Entries already in the tree (read from the store at start) are not appended twice.
            if (entry.Lsn > Tree.Count)
            {
                LedgerTree.Append(Tree, entry);
            }
        }
    }
}
