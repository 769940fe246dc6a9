using System.Threading.Channels;
using Heed.Storage.Ledger;

namespace Heed.Storage.GroupCommit;

/// <summary>
/// The one writer of an <see cref="ILedgerStore"/>. Concurrent submissions queue up; the writer takes
/// everything waiting (up to a bound), appends it in one transaction and one fsync, hands the committed
/// entries to <c>onCommitted</c> in LSN order, and only then completes each submitter. Each submission
/// is all or nothing, and its own: a submission with an entry the store refuses fails alone, and the rest
/// of its group commits without it.
/// </summary>
/// <remarks>
/// A store error (a full disk, an I/O error, a locked or read-only file) fails the whole group with
/// <see cref="StoreUnavailableException"/>: the store rolled it back, or, if its commit was in fact durable,
/// recovery finds it. The writer then refuses writes at once, rather than queueing them behind a broken
/// store, and retries with backoff: <see cref="ILedgerStore.RecoverAsync"/> reopens the store and proves
/// it takes a durable write; entries that turn out to be durable are handed to <c>onCommitted</c> before
/// anything new; then writes are taken again, with no restart. Only a failure of <c>onCommitted</c> is
/// final: the state it feeds no longer matches the ledger.
/// </remarks>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int CatchUpPage = 10_000;

    private readonly ILedgerStore _store;
    private readonly Func<IReadOnlyList<LedgerEntry>, ValueTask> _onCommitted;
    private readonly int _maxEntriesPerCommit;
    private readonly GroupCommitRetry _retry;
    private readonly TimeProvider _time;
    private readonly Channel<Submission> _queue = Channel.CreateUnbounded<Submission>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private WriterStatus _status = WriterStatus.Taking;
    private long _storeErrors;
    private long _applied = -1;

    public GroupCommitWriter(
        ILedgerStore store,
        Func<IReadOnlyList<LedgerEntry>, ValueTask> onCommitted,
        int maxEntriesPerCommit = 20_000,
        GroupCommitRetry? retry = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(onCommitted);

        // Zero would make the loop take nothing and spin on empty appends.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntriesPerCommit);
        _store = store;
        _onCommitted = onCommitted;
        _maxEntriesPerCommit = maxEntriesPerCommit;
        _retry = retry ?? GroupCommitRetry.Default;
        _time = time ?? TimeProvider.System;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Whether writes are taken now, and if not, why.</summary>
    public WriterStatus Status => Volatile.Read(ref _status);

    /// <summary>
    /// Raised on the writer's loop when it stops taking writes, fails another attempt to recover, or takes
    /// writes again. Handlers must be quick and must not throw.
    /// </summary>
    public event Action<WriterStatus>? StatusChanged;

    /// <summary>The store error that makes the writer refuse writes now; null while it takes them.</summary>
    public Exception? Fault => Status.Error;

    /// <summary>Store errors so far: failed appends and failed attempts to recover.</summary>
    public long StoreErrors => Interlocked.Read(ref _storeErrors);

    /// <summary>Commits <paramref name="entries"/> durably; completes after they were applied.</summary>
    /// <exception cref="StoreUnavailableException">The store failed or is failing; the write may not be durable.</exception>
    /// <exception cref="LedgerEntryException">The store refused an entry of this submission; nothing of it was written.</exception>
    public Task<IReadOnlyList<LedgerEntry>> SubmitAsync(IReadOnlyList<NewEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<LedgerEntry>>([]);
        }

        if (!Status.TakingWrites)
        {
            return Task.FromException<IReadOnlyList<LedgerEntry>>(Refusal());
        }

        var submission = new Submission(entries);
        if (!_queue.Writer.TryWrite(submission))
        {
            return Task.FromException<IReadOnlyList<LedgerEntry>>(ShutDown());
        }

        return submission.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        ChannelReader<Submission> reader = _queue.Reader;
        var group = new List<Submission>();
        try
        {
            _applied = await _store.GetHeadAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            StoreFailed(ex, firstAttempt: true);
        }

        while (true)
        {
            if (Status is { TakingWrites: false, Final: false })
            {
                if (!await RecoverAsync(reader).ConfigureAwait(false))
                {
                    break;
                }

                continue;
            }

            if (!await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                break;
            }

            group.Clear();
            int entries = 0;
            while (entries < _maxEntriesPerCommit && reader.TryRead(out Submission? next))
            {
                group.Add(next);
                entries += next.Entries.Count;
            }

            if (Status.TakingWrites)
            {
                await CommitAsync(group).ConfigureAwait(false);
            }
            else
            {
                Submission.FailAll(group, Refusal());
            }
        }

        Submission.FailAll(Submission.Drain(reader), ShutDown());
    }

    private async Task CommitAsync(List<Submission> group)
    {
        // Each pass either commits or takes out the submission whose entry the store refused.
        while (group.Count > 0)
        {
            List<NewEntry> entries = [.. group.SelectMany(s => s.Entries)];
            IReadOnlyList<LedgerEntry> committed;
            try
            {
                committed = await _store.AppendAsync(entries).ConfigureAwait(false);
            }
            catch (LedgerEntryException ex) when (ex.EntryIndex >= 0 && ex.EntryIndex < entries.Count)
            {
                (int owner, int offset) = Submission.OwnerOf(group, ex.EntryIndex);
                group[owner].Completion.TrySetException(ex.At(ex.EntryIndex - offset));
                group.RemoveAt(owner);
                continue;
            }
            catch (Exception ex)
            {
                StoreFailed(ex, firstAttempt: true);
                Submission.FailAll(group, new StoreUnavailableException($"the ledger store failed ({ex.Message}); the write may not be durable", ex));
                return;
            }

            if (!await ApplyAsync(committed).ConfigureAwait(false))
            {
                Submission.FailAll(group, Refusal());
                return;
            }

            Submission.CompleteAll(group, committed);
            return;
        }
    }

    /// <summary>Retries the store with backoff until it works again (true) or the writer is disposed (false).</summary>
    private async Task<bool> RecoverAsync(ChannelReader<Submission> reader)
    {
        TimeSpan delay = _retry.First;
        while (true)
        {
            // Whoever queued just before writes were refused is answered now, not once the store is back.
            Submission.FailAll(Submission.Drain(reader), Refusal());
            try
            {
                await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
                await _store.RecoverAsync(_stopping.Token).ConfigureAwait(false);
                long head = await _store.GetHeadAsync(_stopping.Token).ConfigureAwait(false);
                if (await CatchUpAsync(head).ConfigureAwait(false))
                {
                    SetStatus(WriterStatus.Taking);
                }

                return true;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex)
            {
                StoreFailed(ex, firstAttempt: false);
                delay = delay * 2 < _retry.Max ? delay * 2 : _retry.Max;
            }
        }
    }

    /// <summary>Hands on what the store holds beyond what was applied: a commit that failed on its way back but was durable.</summary>
    private async Task<bool> CatchUpAsync(long head)
    {
        if (_applied < 0)
        {
            _applied = head;
        }

        if (head < _applied)
        {
            Final(new InvalidOperationException($"the ledger store's head is LSN {head}, behind the {_applied} already applied; the store was replaced or lost commits"));
            return false;
        }

        while (_applied < head)
        {
            IReadOnlyList<LedgerEntry> missed = await _store.ReadAfterAsync(_applied, CatchUpPage, _stopping.Token).ConfigureAwait(false);
            if (missed.Count == 0)
            {
                return Final(new InvalidOperationException($"the ledger store reports head {head} but holds nothing after {_applied}"));
            }

            if (!await ApplyAsync(missed).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<bool> ApplyAsync(IReadOnlyList<LedgerEntry> committed)
    {
        try
        {
            await _onCommitted(committed).ConfigureAwait(false);
            _applied = committed[^1].Lsn;
            return true;
        }
        catch (Exception ex)
        {
            return Final(ex);
        }
    }

    private void StoreFailed(Exception error, bool firstAttempt)
    {
        Interlocked.Increment(ref _storeErrors);
        WriterStatus now = Status;
        SetStatus(firstAttempt || now.TakingWrites
            ? new WriterStatus(error, $"the ledger store failed: {error.Message}", _time.GetUtcNow(), 0, false)
            : now with { Error = error, Reason = $"the ledger store failed: {error.Message}", FailedAttempts = now.FailedAttempts + 1 });
    }

    private bool Final(Exception error)
    {
        SetStatus(new WriterStatus(error, $"committed entries could not be applied ({error.Message}); restart the registry", _time.GetUtcNow(), 0, true));
        return false;
    }

    private void SetStatus(WriterStatus status)
    {
        Volatile.Write(ref _status, status);
        StatusChanged?.Invoke(status);
    }

    private StoreUnavailableException Refusal()
    {
        WriterStatus status = Status;
        return status.Final
            ? new StoreUnavailableException($"the ledger writer stopped: {status.Reason}", status.Error, isTransient: false)
            : new StoreUnavailableException($"writes are refused until the store works again; {status.Reason}", status.Error);
    }

    private static StoreUnavailableException ShutDown() => new("the ledger writer is shut down");
}
