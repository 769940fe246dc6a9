using System.Threading.Channels;
using Heed.Registry.State;
using Heed.Storage.Audit;
using Heed.Storage.Ledger;

namespace Heed.Registry.Audit;

/// <summary>
/// The ledger as an audit log: the Merkle tree of every committed entry, and checkpoints of it signed with the
/// registry's key, once per tree size. The tree grows off the write path: the writer only queues each applied
/// commit, and a task of its own hashes the leaves (one leaf hash and O(log n) node hashes per entry), so
/// durable writes never wait for it. Readers wait for it to reach the head they saw (<see cref="CatchUpAsync"/>).
/// </summary>
public sealed class AuditLog : IAsyncDisposable, IDisposable
{
    private readonly NoteSigner _signer;
    private readonly RegistryState _state;
    private readonly Channel<IReadOnlyList<LedgerEntry>> _pending =
        Channel.CreateUnbounded<IReadOnlyList<LedgerEntry>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly Task _appender;
    private readonly Pulse _grown = new();
    private SignedCheckpoint? _last;

    private AuditLog(string origin, NoteSigner signer, MerkleTree tree, RegistryState state)
    {
        Origin = origin;
        _signer = signer;
        _state = state;
        Tree = tree;
        _appender = Task.Run(AppendAsync);
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
            var log = new AuditLog(origin, signer, tree, state);
            state.Applied += batch => log._pending.Writer.TryWrite(batch.Entries);
            return log;
        }
        catch
        {
            signer.Dispose();
            throw;
        }
    }

    /// <summary>Waits, at most <paramref name="timeout"/>, until the tree holds every entry applied when it was called;
    /// true once it does.</summary>
    public ValueTask<bool> CatchUpAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        long head = _state.Head;
        return _grown.WaitUntilAsync(() => Tree.Count >= head, timeout, time, cancellationToken);
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

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _appender;
        _signer.Dispose();
    }

    /// <summary>Stops following commits; the appender ends on its own once it has drained what was queued.</summary>
    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _signer.Dispose();
    }

    private async Task AppendAsync()
    {
        await foreach (IReadOnlyList<LedgerEntry> entries in _pending.Reader.ReadAllAsync())
        {
            foreach (LedgerEntry entry in entries)
            {
                // Entries already in the tree (read from the store at start) are not appended twice.
                if (entry.Lsn > Tree.Count)
                {
                    LedgerTree.Append(Tree, entry);
                }
            }

            _grown.Signal();
        }
    }
}
