using System.Collections.Concurrent;
using Heed.Storage.Ledger;

namespace Heed.Storage.Tests.GroupCommit;

/// <summary>
/// Passes everything to a real store, but each sync waits until the test releases it, so a test can see
/// what the writer does while a sync is on the disk. It records the order of commits and syncs.
/// </summary>
public sealed class GatedSyncStore(ILedgerStore inner) : DelegatingLedgerStore(inner)
{
    private readonly SemaphoreSlim _released = new(0);
    private readonly SemaphoreSlim _syncStarted = new(0);
    private readonly SemaphoreSlim _committed = new(0);

    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>Lets one waiting (or the next) sync go on to the real store.</summary>
    public void ReleaseSync() => _released.Release();

    public Task WaitForSyncStartAsync(CancellationToken cancellationToken) => _syncStarted.WaitAsync(cancellationToken);

    public Task WaitForCommitAsync(CancellationToken cancellationToken) => _committed.WaitAsync(cancellationToken);

    public override async Task<IReadOnlyList<LedgerEntry>> AppendWithoutSyncAsync(IReadOnlyList<NewEntry> entries, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<LedgerEntry> committed = await Inner.AppendWithoutSyncAsync(entries, cancellationToken);
        Events.Enqueue($"commit {committed[^1].Lsn}");
        _committed.Release();
        return committed;
    }

    public override async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        Events.Enqueue("sync started");
        _syncStarted.Release();
        await _released.WaitAsync(cancellationToken);
        await Inner.SyncAsync(cancellationToken);
        Events.Enqueue("sync done");
    }

    public override ValueTask DisposeAsync()
    {
        _released.Dispose();
        _syncStarted.Dispose();
        _committed.Dispose();
        return base.DisposeAsync();
    }
}
