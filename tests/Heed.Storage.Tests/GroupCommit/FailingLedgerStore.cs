using Heed.Storage.Ledger;

namespace Heed.Storage.Tests.GroupCommit;

/// <summary>
/// A real store whose appends start failing, like a disk that went away, from a given call on, and keep
/// failing (recovery included) until <see cref="Heal"/>. Used where a real broken disk cannot be had in-process.
/// </summary>
public sealed class FailingLedgerStore(ILedgerStore inner, int failFromAppend) : ILedgerStore
{
    private int _appends;
    private int _recoveries;
    private volatile bool _healed;

    public int Appends => Volatile.Read(ref _appends);

    public int Recoveries => Volatile.Read(ref _recoveries);

    /// <summary>A failing append commits through to the real store first, like an fsync that fails after the data reached the disk.</summary>
    public bool FailAfterCommit { get; init; }

    /// <summary>The store works again from now on.</summary>
    public void Heal() => _healed = true;

    public async Task<IReadOnlyList<LedgerEntry>> AppendAsync(IReadOnlyList<NewEntry> entries, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _appends) < failFromAppend || _healed)
        {
            return await inner.AppendAsync(entries, cancellationToken);
        }

        if (FailAfterCommit)
        {
            await inner.AppendAsync(entries, cancellationToken);
        }

        throw new IOException("disk I/O error");
    }

    public Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _recoveries);
        return _healed ? inner.RecoverAsync(cancellationToken) : Task.FromException(new IOException("disk I/O error"));
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

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
}
