using System.Collections.Concurrent;
using Heed.Storage.Ledger;

namespace Heed.Storage.Tests.GroupCommit;

/// <summary>
/// Passes everything to a real store and counts the appends. It can hold the first append until
/// <see cref="ReleaseFirstAppend"/>, so a test can queue submissions behind it deterministically.
/// </summary>
public sealed class CountingLedgerStore(ILedgerStore inner, bool holdFirstAppend = false) : ILedgerStore
{
    private readonly TaskCompletionSource _firstAppendGate = NewGate(holdFirstAppend);
    private readonly TaskCompletionSource _firstAppendStarted = NewGate(closed: true);
    private int _appends;

    public int Appends => Volatile.Read(ref _appends);

    public ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>Completes once the first append has begun (and, if held, is waiting).</summary>
    public Task FirstAppendStarted => _firstAppendStarted.Task;

    public void ReleaseFirstAppend() => _firstAppendGate.TrySetResult();

    public async Task<IReadOnlyList<LedgerEntry>> AppendAsync(IReadOnlyList<NewEntry> entries, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _appends) == 1)
        {
            _firstAppendStarted.TrySetResult();
            await _firstAppendGate.Task;
        }

        BatchSizes.Enqueue(entries.Count);
        return await inner.AppendAsync(entries, cancellationToken);
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task RecoverAsync(CancellationToken cancellationToken = default) => inner.RecoverAsync(cancellationToken);

    public Task<string> GetLedgerIdAsync(CancellationToken cancellationToken = default) => inner.GetLedgerIdAsync(cancellationToken);

    public Task<long> GetHeadAsync(CancellationToken cancellationToken = default) => inner.GetHeadAsync(cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadAfterAsync(long afterLsn, int limit, CancellationToken cancellationToken = default) => inner.ReadAfterAsync(afterLsn, limit, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadHistoryAsync(string subject, CancellationToken cancellationToken = default) => inner.ReadHistoryAsync(subject, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadHistoryAsync(string subject, long afterLsn, int limit, CancellationToken cancellationToken = default) => inner.ReadHistoryAsync(subject, afterLsn, limit, cancellationToken);

    public Task<IReadOnlyList<OptOutRow>> ReadOptOutsAsync(string subject, CancellationToken cancellationToken = default) => inner.ReadOptOutsAsync(subject, cancellationToken);

    public IAsyncEnumerable<OptOutRow> ReadAllOptOutsAsync(CancellationToken cancellationToken = default) => inner.ReadAllOptOutsAsync(cancellationToken);

    public Task<IReadOnlyList<KeyRow>> ReadKeysAsync(CancellationToken cancellationToken = default) => inner.ReadKeysAsync(cancellationToken);

    public Task<IReadOnlyList<OverrideRow>> ReadOverridesAsync(CancellationToken cancellationToken = default) => inner.ReadOverridesAsync(cancellationToken);

    public Task<IReadOnlyList<SettingRow>> ReadSettingsAsync(CancellationToken cancellationToken = default) => inner.ReadSettingsAsync(cancellationToken);

    public Task<IReadOnlyList<SchemaRow>> ReadSchemasAsync(CancellationToken cancellationToken = default) => inner.ReadSchemasAsync(cancellationToken);

    public Task<IReadOnlyList<SchemaMinimumRow>> ReadSchemaMinimumsAsync(CancellationToken cancellationToken = default) => inner.ReadSchemaMinimumsAsync(cancellationToken);

    public Task<IReadOnlyList<PurposeRow>> ReadPurposesAsync(CancellationToken cancellationToken = default) => inner.ReadPurposesAsync(cancellationToken);

    public Task SaveCheckpointAsync(long size, string note, CancellationToken cancellationToken = default) => inner.SaveCheckpointAsync(size, note, cancellationToken);

    public Task<CheckpointRow?> ReadLatestCheckpointAsync(CancellationToken cancellationToken = default) => inner.ReadLatestCheckpointAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

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
