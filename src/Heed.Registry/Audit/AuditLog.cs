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
/// Signed checkpoints are kept in the store (<see cref="ILedgerStore.SaveCheckpointAsync"/>): every one served, one
/// signed by a task of its own when the tree has grown (at most once per <see cref="AuditOptions.CheckpointInterval"/>),
/// and a last one when the registry stops (<see cref="StopAsync"/>), so an offline verifier has a root to check.
/// </summary>
public sealed class AuditLog : IAsyncDisposable, IDisposable
{
    private readonly NoteSigner _signer;
    private readonly RegistryState _state;
    private readonly Channel<IReadOnlyList<LedgerEntry>> _pending =
        Channel.CreateUnbounded<IReadOnlyList<LedgerEntry>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly Task _appender;
    private readonly Pulse _grown = new();
    private readonly Pulse _keptMore = new();
    private readonly ILedgerStore _store;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _keeper;
    private SignedCheckpoint? _last;
    private long _kept;
    private int _stopped;

    private AuditLog(string origin, NoteSigner signer, MerkleTree tree, RegistryState state, ILedgerStore store, long kept, AuditOptions options, TimeProvider time)
    {
        Origin = origin;
        _signer = signer;
        _state = state;
        _store = store;
        _kept = kept;
        _options = options;
        _time = time;
        Tree = tree;
        _appender = Task.Run(AppendAsync);
        _keeper = Task.Run(KeepAsync);
    }

    /// <summary>The checkpoints' origin line and the key's name: <c>heed/&lt;ledger id&gt;</c>.</summary>
    public string Origin { get; }

    /// <summary>The verifier key, <c>name+hexid+base64</c>.</summary>
    public string VerifierKey => _signer.VerifierKey;

    public MerkleTree Tree { get; }

    /// <summary>Loads the key and the tree of every entry, then follows <paramref name="state"/>'s commits.
    /// Call after the state is loaded and before anything is written.</summary>
    public static async Task<AuditLog> OpenAsync(string dataDirectory, ILedgerStore store, RegistryState state, CancellationToken cancellationToken, AuditOptions? options = null, TimeProvider? time = null)
    {
        string origin = Checkpoint.OriginOf(state.LedgerId);
        NoteSigner signer = AuditKeyFile.LoadOrCreate(dataDirectory, origin);
        try
        {
            MerkleTree tree = await LedgerTree.BuildAsync(store, cancellationToken);
            long kept = (await store.ReadLatestCheckpointAsync(cancellationToken))?.Size ?? -1;
            var log = new AuditLog(origin, signer, tree, state, store, kept, options ?? new AuditOptions(), time ?? TimeProvider.System);
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

    /// <summary>Signs the checkpoint of the tree now and keeps it in the store unless one of that size is kept already.</summary>
    /// <returns>The checkpoint, kept or not: a store error is left for the next turn of the keeper, not thrown.</returns>
    public async Task<SignedCheckpoint> SignAndKeepAsync(CancellationToken cancellationToken = default)
    {
        SignedCheckpoint signed = Sign();
        if (signed.Checkpoint.Size > Volatile.Read(ref _kept))
        {
            try
            {
                await _store.SaveCheckpointAsync(signed.Checkpoint.Size, signed.Note, cancellationToken);
                InterlockedMax(ref _kept, signed.Checkpoint.Size);
                _keptMore.Signal();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not kept: the keeper tries again, since the tree is still larger than what is kept.
            }
        }

        return signed;
    }

    /// <summary>The size of the largest checkpoint kept in the store so far; -1 when none is.</summary>
    public long KeptSize => Volatile.Read(ref _kept);

    /// <summary>Waits, at most <paramref name="timeout"/>, until a checkpoint of at least <paramref name="size"/> entries is kept.</summary>
    public ValueTask<bool> WaitKeptAsync(long size, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        _keptMore.WaitUntilAsync(() => KeptSize >= size, timeout, time, cancellationToken);

    /// <summary>
    /// At shutdown, after the writer has stopped and before the store closes: hashes what is still queued, stops the
    /// keeper, and keeps the checkpoint of the whole tree.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _pending.Writer.TryComplete();
        await _appender;
        await _stopping.CancelAsync();
        await _keeper;
        await SignAndKeepAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _appender;
        await _keeper;
        _signer.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Stops following commits; the appender and keeper end on their own.</summary>
    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _stopping.Cancel();
        _signer.Dispose();
    }

    // Off the write path: waits for the tree to outgrow the kept checkpoint, signs and keeps one, then rests an interval.
    private async Task KeepAsync()
    {
        CancellationToken stopping = _stopping.Token;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await _grown.WaitUntilAsync(() => Tree.Count > Volatile.Read(ref _kept), Timeout.InfiniteTimeSpan, _time, stopping);
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                await SignAndKeepAsync(stopping);
                await Task.Delay(_options.CheckpointInterval, _time, stopping);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // Disposed without StopAsync (a failed start): nothing left to keep.
        }
    }

    private static void InterlockedMax(ref long location, long value)
    {
        long seen = Volatile.Read(ref location);
        while (value > seen)
        {
            long previous = Interlocked.CompareExchange(ref location, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
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
