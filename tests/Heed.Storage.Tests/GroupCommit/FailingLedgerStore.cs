using Heed.Storage.Ledger;

namespace Heed.Storage.Tests.GroupCommit;

/// <summary>A real store whose appends start failing, like a disk that went away, from a given call on.</summary>
public sealed class FailingLedgerStore(ILedgerStore inner, int failFromAppend) : ILedgerStore
{
    private int _appends;

    public int Appends => Volatile.Read(ref _appends);

    public Task<IReadOnlyList<LedgerEntry>> AppendAsync(IReadOnlyList<NewEntry> entries, CancellationToken cancellationToken = default) =>
        Interlocked.Increment(ref _appends) >= failFromAppend
            ? Task.FromException<IReadOnlyList<LedgerEntry>>(new IOException("disk I/O error"))
            : inner.AppendAsync(entries, cancellationToken);

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<long> GetHeadAsync(CancellationToken cancellationToken = default) => inner.GetHeadAsync(cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadAfterAsync(long afterLsn, int limit, CancellationToken cancellationToken = default) => inner.ReadAfterAsync(afterLsn, limit, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadHistoryAsync(string subject, CancellationToken cancellationToken = default) => inner.ReadHistoryAsync(subject, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadHistoryAsync(string subject, long afterLsn, int limit, CancellationToken cancellationToken = default) => inner.ReadHistoryAsync(subject, afterLsn, limit, cancellationToken);

    public Task<IReadOnlyList<OptOutRow>> ReadOptOutsAsync(string subject, CancellationToken cancellationToken = default) => inner.ReadOptOutsAsync(subject, cancellationToken);

    public IAsyncEnumerable<OptOutRow> ReadAllOptOutsAsync(CancellationToken cancellationToken = default) => inner.ReadAllOptOutsAsync(cancellationToken);

    public Task<IReadOnlyList<KeyRow>> ReadKeysAsync(CancellationToken cancellationToken = default) => inner.ReadKeysAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
