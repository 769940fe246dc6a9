using Heed.Storage.Ledger;

namespace Heed.Storage.Tests.GroupCommit;

/// <summary>Passes every call to a real store; the test stores derive from it and change only what they test.</summary>
public abstract class DelegatingLedgerStore(ILedgerStore inner) : ILedgerStore
{
    protected ILedgerStore Inner { get; } = inner;

    public virtual Task<IReadOnlyList<LedgerEntry>> AppendAsync(IReadOnlyList<NewEntry> entries, CancellationToken cancellationToken = default) => Inner.AppendAsync(entries, cancellationToken);

    // Not passed on by default: a store that changes AppendAsync keeps its meaning when the writer pipelines.
    public virtual Task<IReadOnlyList<LedgerEntry>> AppendWithoutSyncAsync(IReadOnlyList<NewEntry> entries, CancellationToken cancellationToken = default) => AppendAsync(entries, cancellationToken);

    public virtual Task SyncAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public virtual Task RecoverAsync(CancellationToken cancellationToken = default) => Inner.RecoverAsync(cancellationToken);

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Inner.InitializeAsync(cancellationToken);

    public Task<string> GetLedgerIdAsync(CancellationToken cancellationToken = default) => Inner.GetLedgerIdAsync(cancellationToken);

    public Task<long> GetHeadAsync(CancellationToken cancellationToken = default) => Inner.GetHeadAsync(cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadAfterAsync(long afterLsn, int limit, CancellationToken cancellationToken = default) => Inner.ReadAfterAsync(afterLsn, limit, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadHistoryAsync(string subject, CancellationToken cancellationToken = default) => Inner.ReadHistoryAsync(subject, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadHistoryAsync(string subject, long afterLsn, int limit, CancellationToken cancellationToken = default) => Inner.ReadHistoryAsync(subject, afterLsn, limit, cancellationToken);

    public Task<IReadOnlyList<OptOutRow>> ReadOptOutsAsync(string subject, CancellationToken cancellationToken = default) => Inner.ReadOptOutsAsync(subject, cancellationToken);

    public IAsyncEnumerable<OptOutRow> ReadAllOptOutsAsync(CancellationToken cancellationToken = default) => Inner.ReadAllOptOutsAsync(cancellationToken);

    public Task<IReadOnlyList<KeyRow>> ReadKeysAsync(CancellationToken cancellationToken = default) => Inner.ReadKeysAsync(cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Inner.DisposeAsync();
    }
}
