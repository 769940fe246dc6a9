using System.Collections.Concurrent;
using Heed.Storage.Ledger;

namespace Heed.Storage.Tests.GroupCommit;

/// <summary>
/// Passes everything to a real store and counts the appends. It can hold the first append until
/// <see cref="ReleaseFirstAppend"/>, so a test can queue submissions behind it deterministically.
/// </summary>
public sealed class CountingLedgerStore(ILedgerStore inner, bool holdFirstAppend = false) : DelegatingLedgerStore(inner)
{
    private readonly TaskCompletionSource _firstAppendGate = NewGate(holdFirstAppend);
    private readonly TaskCompletionSource _firstAppendStarted = NewGate(closed: true);
    private int _appends;

    public int Appends => Volatile.Read(ref _appends);

    public ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>Completes once the first append has begun (and, if held, is waiting).</summary>
    public Task FirstAppendStarted => _firstAppendStarted.Task;

    public void ReleaseFirstAppend() => _firstAppendGate.TrySetResult();

    public override async Task<IReadOnlyList<LedgerEntry>> AppendAsync(IReadOnlyList<NewEntry> entries, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _appends) == 1)
        {
            _firstAppendStarted.TrySetResult();
            await _firstAppendGate.Task;
        }

        BatchSizes.Enqueue(entries.Count);
        return await Inner.AppendAsync(entries, cancellationToken);
    }

    private static TaskCompletionSource NewGate(bool closed)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!closed)
        {
            gate.SetResult();
        }

        return gate;
    }
}
