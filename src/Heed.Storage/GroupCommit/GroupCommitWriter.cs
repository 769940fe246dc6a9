using System.Threading.Channels;
using Heed.Storage.Ledger;

namespace Heed.Storage.GroupCommit;

/// <summary>
/// The one writer of an <see cref="ILedgerStore"/>. Concurrent submissions queue up; the writer takes
/// everything waiting (up to a bound), appends it in one transaction and one fsync, hands the committed
/// entries to <c>onCommitted</c> in LSN order, and only then completes each submitter. Each submission
/// is all or nothing. If the store fails, the writer stops taking writes: a registry that cannot tell
/// what is durable must not acknowledge anything more.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly ILedgerStore _store;
    private readonly Func<IReadOnlyList<LedgerEntry>, ValueTask> _onCommitted;
    private readonly int _maxEntriesPerCommit;
    private readonly Channel<Submission> _queue = Channel.CreateUnbounded<Submission>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private Exception? _fault;

    public GroupCommitWriter(ILedgerStore store, Func<IReadOnlyList<LedgerEntry>, ValueTask> onCommitted, int maxEntriesPerCommit = 20_000)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(onCommitted);

        // Zero would make the loop take nothing and spin on empty appends.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntriesPerCommit);
        _store = store;
        _onCommitted = onCommitted;
        _maxEntriesPerCommit = maxEntriesPerCommit;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The error that stopped the writer, if any.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Commits <paramref name="entries"/> durably; completes after they were applied.</summary>
    public Task<IReadOnlyList<LedgerEntry>> SubmitAsync(IReadOnlyList<NewEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<LedgerEntry>>([]);
        }

        if (Fault is { } fault)
        {
            return Task.FromException<IReadOnlyList<LedgerEntry>>(new StoreUnavailableException("the ledger writer stopped after a store error", fault));
        }

        var submission = new Submission(entries);
        if (!_queue.Writer.TryWrite(submission))
        {
            return Task.FromException<IReadOnlyList<LedgerEntry>>(new StoreUnavailableException("the ledger writer is shut down"));
        }

        return submission.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var group = new List<Submission>();
        var entries = new List<NewEntry>();
        ChannelReader<Submission> reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            entries.Clear();
            while (entries.Count < _maxEntriesPerCommit && reader.TryRead(out Submission? next))
            {
                group.Add(next);
                entries.AddRange(next.Entries);
            }

            if (Fault is { } fault)
            {
                FailAll(group, new StoreUnavailableException("the ledger writer stopped after a store error", fault));
                continue;
            }

            IReadOnlyList<LedgerEntry> committed;
            try
            {
                committed = await _store.AppendAsync(entries).ConfigureAwait(false);
                await _onCommitted(committed).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Volatile.Write(ref _fault, ex);
                FailAll(group, new StoreUnavailableException("the ledger store failed; the write may not be durable", ex));
                continue;
            }

            int offset = 0;
            foreach (Submission submission in group)
            {
                int count = submission.Entries.Count;
                submission.Completion.TrySetResult(Slice(committed, offset, count));
                offset += count;
            }
        }

        FailAll(Drain(reader), new StoreUnavailableException("the ledger writer is shut down"));
    }

    private static List<Submission> Drain(ChannelReader<Submission> reader)
    {
        var rest = new List<Submission>();
        while (reader.TryRead(out Submission? s))
        {
            rest.Add(s);
        }

        return rest;
    }

    private static IReadOnlyList<LedgerEntry> Slice(IReadOnlyList<LedgerEntry> all, int offset, int count)
    {
        if (offset == 0 && count == all.Count)
        {
            return all;
        }

        var slice = new LedgerEntry[count];
        for (int i = 0; i < count; i++)
        {
            slice[i] = all[offset + i];
        }

        return slice;
    }

    private static void FailAll(List<Submission> group, Exception error)
    {
        foreach (Submission s in group)
        {
            s.Completion.TrySetException(error);
        }
    }

    private sealed class Submission(IReadOnlyList<NewEntry> entries)
    {
        public IReadOnlyList<NewEntry> Entries { get; } = entries;

        public TaskCompletionSource<IReadOnlyList<LedgerEntry>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
