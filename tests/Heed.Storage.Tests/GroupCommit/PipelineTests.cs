using Heed.Storage.GroupCommit;
using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.GroupCommit;

/// <summary>The group commit pipeline: the next group commits while the previous one's sync is on the disk.</summary>
public sealed class PipelineTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private SqliteLedgerStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _store = await SqliteLedgerStore.OpenAsync(_directory.Path, Ct);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task SubmitAsync_DuringASync_NextGroupCommitsButNothingIsAnsweredBeforeItsOwnSync()
    {
        // Arrange
        var gated = new GatedSyncStore(_store);
        var applied = new List<long>();
        await using var writer = new GroupCommitWriter(gated, entries =>
        {
            applied.AddRange(entries.Select(e => e.Lsn));
            return ValueTask.CompletedTask;
        });

        // Act: the first write commits and its sync is held; a second write comes in meanwhile.
        bool answeredBeforeAnySync;
        long durableDuringFirstSync;
        int readableDuringFirstSync;
        bool secondAnsweredBeforeItsSync;
        Task<IReadOnlyList<LedgerEntry>> first = writer.SubmitAsync([Set("user:1", "marketing")]);
        Task<IReadOnlyList<LedgerEntry>> second;
        try
        {
            await gated.WaitForSyncStartAsync(Ct).WaitAsync(Timeout, Ct);
            second = writer.SubmitAsync([Set("user:2", "marketing")]);
            await gated.WaitForCommitAsync(Ct).WaitAsync(Timeout, Ct);
            await gated.WaitForCommitAsync(Ct).WaitAsync(Timeout, Ct);
            answeredBeforeAnySync = first.IsCompleted || second.IsCompleted;
            durableDuringFirstSync = await _store.GetHeadAsync(Ct);
            readableDuringFirstSync = (await _store.ReadAfterAsync(0, 10, Ct)).Count;

            gated.ReleaseSync();
            await first.WaitAsync(Timeout, Ct);
            await gated.WaitForSyncStartAsync(Ct).WaitAsync(Timeout, Ct);
            secondAnsweredBeforeItsSync = second.IsCompleted;
            gated.ReleaseSync();
            await second.WaitAsync(Timeout, Ct);
        }
        finally
        {
            // A failed wait must not leave the writer stuck in a held sync when the test disposes it.
            gated.ReleaseSync();
            gated.ReleaseSync();
        }

        // Assert
        answeredBeforeAnySync.ShouldBeFalse("a write was answered before any sync completed");
        durableDuringFirstSync.ShouldBe(0, "the head counted commits whose sync had not completed");
        readableDuringFirstSync.ShouldBe(0, "readers saw entries that were not yet durable");
        secondAnsweredBeforeItsSync.ShouldBeFalse("the second write was answered by the first write's sync");
        gated.Events.ShouldBe(["commit 1", "sync started", "commit 2", "sync done", "sync started", "sync done"]);
        applied.ShouldBe([1, 2]);
        (await first).Single().Lsn.ShouldBe(1);
        (await second).Single().Lsn.ShouldBe(2);
    }

    [Fact]
    public async Task SubmitAsync_ManyConcurrentWritersPipelined_ChainVerifiesAndLsnsAreGapFreeInApplyOrder()
    {
        // Arrange
        var applied = new List<long>();
        await using var writer = new GroupCommitWriter(_store, entries =>
        {
            applied.AddRange(entries.Select(e => e.Lsn));
            return ValueTask.CompletedTask;
        });

        // Act: 64 writers, 50 writes each, some of them several entries at once.
        IReadOnlyList<LedgerEntry>[][] answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(w => Task.Run(async () =>
        {
            var mine = new IReadOnlyList<LedgerEntry>[50];
            for (int i = 0; i < 50; i++)
            {
                mine[i] = await writer.SubmitAsync(i % 10 == 0 ? Sets(3, $"w{w}-{i}-") : [Set($"user:w{w}-{i}", "marketing")]);
            }

            return mine;
        })));

        // Assert
        int total = answers.Sum(a => a.Sum(e => e.Count));
        applied.ShouldBe(Enumerable.Range(1, total).Select(i => (long)i));
        answers.SelectMany(a => a).SelectMany(e => e).Select(e => e.Lsn).Order().ShouldBe(applied);
        (await _store.GetHeadAsync(Ct)).ShouldBe(total);
        (await LedgerChainVerifier.VerifyAsync(_store, cancellationToken: Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task AppendWithoutSyncAsync_BeforeSync_NotDurableThenDurableAfterSync()
    {
        await _store.AppendWithoutSyncAsync([Set("user:1", "marketing")], Ct);
        long before = await _store.GetHeadAsync(Ct);

        await _store.SyncAsync(Ct);

        before.ShouldBe(0);
        (await _store.GetHeadAsync(Ct)).ShouldBe(1);
        (await _store.ReadAfterAsync(0, 10, Ct)).Single().Subject.ShouldBe("user:1");
    }
}
