using Heed.Storage.GroupCommit;
using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;
using Heed.Storage.Tests.Sqlite;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.GroupCommit;

public sealed class GroupCommitWriterTests : IAsyncLifetime
{
    private const int Submitters = 64;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly GroupCommitRetry FastRetry = new(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));
    private readonly TempDirectory _directory = new();
    private readonly List<LedgerEntry> _committed = [];
    private SqliteLedgerStore _store = null!;
    private GroupCommitWriter? _writer;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _store = await SqliteLedgerStore.OpenAsync(_directory.Path, Ct);

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task SubmitAsync_SixtyFourConcurrentSubmitters_CommitsInFewerTransactionsThanSubmissions()
    {
        var counting = new CountingLedgerStore(_store, holdFirstAppend: true);
        GroupCommitWriter writer = Start(counting);

        Task<IReadOnlyList<LedgerEntry>>[] pending = await SubmitConcurrentlyAsync(writer, i => [Set($"user:{i}", "marketing")]);
        counting.ReleaseFirstAppend();
        await Task.WhenAll(pending);

        // Whatever the first append took, everything queued behind it goes in one more.
        counting.Appends.ShouldBeLessThanOrEqualTo(2);
        counting.BatchSizes.Sum().ShouldBe(Submitters);
        (await _store.GetHeadAsync(Ct)).ShouldBe(Submitters);
    }

    [Fact]
    public async Task SubmitAsync_ConcurrentSubmittersOfDifferentSizes_EachGetsExactlyItsOwnEntries()
    {
        GroupCommitWriter writer = Start(_store);

        Task<IReadOnlyList<LedgerEntry>>[] pending = await SubmitConcurrentlyAsync(writer, SubmissionOf);
        IReadOnlyList<LedgerEntry>[] results = await Task.WhenAll(pending);

        for (int i = 0; i < Submitters; i++)
        {
            NewEntry[] submitted = SubmissionOf(i);
            results[i].Count.ShouldBe(submitted.Length);
            results[i].Select(e => (e.Subject, e.Purpose)).ShouldBe(submitted.Select(e => (e.Subject, e.Purpose)));
            results[i].Select(e => e.Lsn).ShouldBe(Enumerable.Range((int)results[i][0].Lsn, submitted.Length).Select(l => (long)l), "one submission is contiguous");
        }

        results.SelectMany(r => r).Select(e => e.Lsn).Order().ShouldBe(Enumerable.Range(1, results.Sum(r => r.Count)).Select(l => (long)l));
    }

    [Fact]
    public async Task SubmitAsync_ConcurrentSubmitters_OnCommittedSeesEveryEntryOnceInStrictLsnOrder()
    {
        GroupCommitWriter writer = Start(_store);

        Task<IReadOnlyList<LedgerEntry>>[] pending = await SubmitConcurrentlyAsync(writer, SubmissionOf);
        await Task.WhenAll(pending);

        _committed.Select(e => e.Lsn).ShouldBe(Enumerable.Range(1, _committed.Count).Select(l => (long)l));
        _committed.Count.ShouldBe(Enumerable.Range(0, Submitters).Sum(i => SubmissionOf(i).Length));
    }

    [Fact]
    public async Task SubmitAsync_Completed_OnlyAfterOnCommittedHandledItsEntries()
    {
        long handledUpTo = 0;
        _writer = new GroupCommitWriter(_store, entries =>
        {
            Volatile.Write(ref handledUpTo, entries[^1].Lsn);
            return ValueTask.CompletedTask;
        });

        Task<IReadOnlyList<LedgerEntry>>[] pending = await SubmitConcurrentlyAsync(_writer, SubmissionOf);

        foreach (Task<IReadOnlyList<LedgerEntry>> submission in pending)
        {
            IReadOnlyList<LedgerEntry> entries = await submission;
            entries[^1].Lsn.ShouldBeLessThanOrEqualTo(Volatile.Read(ref handledUpTo));
        }
    }

    [Fact]
    public async Task SubmitAsync_StoreFails_FailsTheGroupAndRefusesWritesWhileTheStoreFails()
    {
        var failing = new FailingLedgerStore(_store, failFromAppend: 2);
        GroupCommitWriter writer = Start(failing);
        Task<WriterStatus> retried = NextStatus(writer, s => s.FailedAttempts >= 1);
        await writer.SubmitAsync([Set("user:1", "marketing")]);

        StoreUnavailableException failed = await Should.ThrowAsync<StoreUnavailableException>(() => writer.SubmitAsync([Set("user:2", "marketing")]));
        WriterStatus status = await retried.WaitAsync(Timeout, Ct);
        StoreUnavailableException later = await Should.ThrowAsync<StoreUnavailableException>(() => writer.SubmitAsync([Set("user:3", "marketing")]));

        failed.InnerException.ShouldBeOfType<IOException>();
        failed.IsTransient.ShouldBeTrue();
        status.TakingWrites.ShouldBeFalse();
        status.Final.ShouldBeFalse();
        status.Reason.ShouldNotBeNull().ShouldContain("disk I/O error");
        later.Message.ShouldContain("disk I/O error");
        later.IsTransient.ShouldBeTrue();
        failing.Appends.ShouldBe(2, "while the store fails, writes are refused without touching it");
        writer.StoreErrors.ShouldBeGreaterThanOrEqualTo(2, "the failed append and the failed attempt to recover");
        _committed.ShouldHaveSingleItem().Subject.ShouldBe("user:1");
    }

    [Fact]
    public async Task SubmitAsync_StoreWorksAgain_TakesWritesWithoutARestart()
    {
        var failing = new FailingLedgerStore(_store, failFromAppend: 1);
        GroupCommitWriter writer = Start(failing);
        Task<WriterStatus> refusing = NextStatus(writer, s => !s.TakingWrites);
        await Should.ThrowAsync<StoreUnavailableException>(() => writer.SubmitAsync([Set("user:lost", "marketing")]));
        await refusing.WaitAsync(Timeout, Ct);
        Task<WriterStatus> recovered = NextStatus(writer, s => s.TakingWrites);

        failing.Heal();
        await recovered.WaitAsync(Timeout, Ct);
        IReadOnlyList<LedgerEntry> entries = await writer.SubmitAsync([Set("user:after", "marketing")]);

        entries.ShouldHaveSingleItem().Lsn.ShouldBe(1);
        writer.Status.ShouldBe(WriterStatus.Taking);
        failing.Recoveries.ShouldBeGreaterThanOrEqualTo(1);
        _committed.ShouldHaveSingleItem().Subject.ShouldBe("user:after");
    }

    [Fact]
    public async Task SubmitAsync_CommitWasDurableThoughTheStoreFailed_RecoveryHandsItOnBeforeNewWrites()
    {
        var failing = new FailingLedgerStore(_store, failFromAppend: 1) { FailAfterCommit = true };
        GroupCommitWriter writer = Start(failing);
        Task<WriterStatus> recovered = NextStatus(writer, s => s.TakingWrites);

        await Should.ThrowAsync<StoreUnavailableException>(() => writer.SubmitAsync([Set("user:durable", "marketing")]));
        failing.Heal();
        await recovered.WaitAsync(Timeout, Ct);
        IReadOnlyList<LedgerEntry> next = await writer.SubmitAsync([Set("user:next", "marketing")]);

        _committed.Select(e => (e.Lsn, e.Subject)).ShouldBe([(1L, "user:durable"), (2L, "user:next")]);
        next.ShouldHaveSingleItem().Lsn.ShouldBe(2);
    }

    [Fact]
    public async Task SubmitAsync_QueuedBehindAFailingAppend_AllFailWithStoreUnavailable()
    {
        var counting = new CountingLedgerStore(new FailingLedgerStore(_store, failFromAppend: 1), holdFirstAppend: true);
        GroupCommitWriter writer = Start(counting);

        Task<IReadOnlyList<LedgerEntry>>[] pending = await SubmitConcurrentlyAsync(writer, i => [Set($"user:{i}", "marketing")]);
        counting.ReleaseFirstAppend();

        foreach (Task<IReadOnlyList<LedgerEntry>> submission in pending)
        {
            await Should.ThrowAsync<StoreUnavailableException>(() => submission);
        }

        counting.Appends.ShouldBe(1);
        (await _store.GetHeadAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task SubmitAsync_GroupWithOneBadEntry_RefusesThatSubmissionAloneAndCommitsTheRest()
    {
        var counting = new CountingLedgerStore(_store, holdFirstAppend: true);
        GroupCommitWriter writer = Start(counting);
        Task<IReadOnlyList<LedgerEntry>> first = writer.SubmitAsync([CreateKey("k1")]);
        await counting.FirstAppendStarted.WaitAsync(Timeout, Ct);

        // Queued behind the held append, so the three form the next group; the middle one revokes a key that does not exist.
        Task<IReadOnlyList<LedgerEntry>> good = writer.SubmitAsync([Set("user:a", "marketing"), Set("user:b", "marketing")]);
        Task<IReadOnlyList<LedgerEntry>> bad = writer.SubmitAsync([RevokeKey("k1"), RevokeKey("no-such-key")]);
        Task<IReadOnlyList<LedgerEntry>> alsoGood = writer.SubmitAsync([Set("user:c", "marketing")]);
        counting.ReleaseFirstAppend();
        await first;

        LedgerEntryException refused = await Should.ThrowAsync<LedgerEntryException>(() => bad);
        IReadOnlyList<LedgerEntry> goodEntries = await good;
        IReadOnlyList<LedgerEntry> alsoGoodEntries = await alsoGood;
        IReadOnlyList<LedgerEntry> later = await writer.SubmitAsync([Set("user:d", "marketing")]);

        refused.EntryIndex.ShouldBe(1, "the index is the entry's place in its own submission");
        refused.Reason.ShouldContain("no-such-key");
        goodEntries.Select(e => e.Subject).ShouldBe(["user:a", "user:b"]);
        alsoGoodEntries.ShouldHaveSingleItem().Subject.ShouldBe("user:c");
        counting.BatchSizes.ToArray().ShouldBe([1, 5, 3, 1], "the group failed once, then committed without the bad submission");
        later.ShouldHaveSingleItem().Lsn.ShouldBe(5);
        writer.Status.TakingWrites.ShouldBeTrue();
        writer.StoreErrors.ShouldBe(0);
        (await _store.ReadKeysAsync(Ct)).ShouldHaveSingleItem().Revoked.ShouldBeNull("the bad submission's good entry was not written either");
    }

    [Fact]
    public async Task SubmitAsync_OnCommittedThrows_StopsTheWriterForGood()
    {
        _writer = new GroupCommitWriter(_store, _ => throw new InvalidOperationException("replica fan-out broke"), retry: FastRetry);

        await Should.ThrowAsync<StoreUnavailableException>(() => _writer.SubmitAsync([Set("user:1", "marketing")]));
        StoreUnavailableException later = await Should.ThrowAsync<StoreUnavailableException>(() => _writer.SubmitAsync([Set("user:2", "marketing")]));

        _writer.Fault.ShouldBeOfType<InvalidOperationException>();
        _writer.Status.Final.ShouldBeTrue();
        later.IsTransient.ShouldBeFalse();
        later.Message.ShouldContain("restart the registry");
    }

    [Fact]
    public async Task SubmitAsync_EmptySubmission_CompletesWithoutAppending()
    {
        var counting = new CountingLedgerStore(_store);
        GroupCommitWriter writer = Start(counting);

        IReadOnlyList<LedgerEntry> entries = await writer.SubmitAsync([]);

        entries.ShouldBeEmpty();
        counting.Appends.ShouldBe(0);
    }

    [Fact]
    public async Task SubmitAsync_MoreThanTheBoundQueued_SplitsTheQueueIntoSeveralAppends()
    {
        var counting = new CountingLedgerStore(_store, holdFirstAppend: true);
        _writer = new GroupCommitWriter(counting, OnCommitted, maxEntriesPerCommit: 10);

        Task<IReadOnlyList<LedgerEntry>>[] pending = await SubmitConcurrentlyAsync(_writer, i => Sets(4, $"{i}-"));
        counting.ReleaseFirstAppend();
        await Task.WhenAll(pending);

        // A group stops taking submissions once it holds the bound, so it exceeds it by less than one submission.
        counting.BatchSizes.ShouldAllBe(size => size < 10 + 4);
        counting.BatchSizes.Sum().ShouldBe(Submitters * 4);
        counting.Appends.ShouldBeGreaterThanOrEqualTo(Submitters * 4 / 12);
    }

    [Fact]
    public async Task DisposeAsync_WithQueuedSubmissions_CommitsThemBeforeStopping()
    {
        var counting = new CountingLedgerStore(_store, holdFirstAppend: true);
        var writer = new GroupCommitWriter(counting, OnCommitted);
        Task<IReadOnlyList<LedgerEntry>>[] pending = await SubmitConcurrentlyAsync(writer, i => [Set($"user:{i}", "marketing")]);

        ValueTask disposing = writer.DisposeAsync();
        counting.ReleaseFirstAppend();
        await disposing;

        pending.ShouldAllBe(p => p.IsCompletedSuccessfully);
        (await _store.GetHeadAsync(Ct)).ShouldBe(Submitters);
        await Should.ThrowAsync<StoreUnavailableException>(() => writer.SubmitAsync([Set("user:late", "marketing")]));
    }

    [Fact]
    public async Task SubmitAsync_AppendInProgress_AcknowledgedOnlyAfterCommitThenApply()
    {
        // Arrange: G3's order is commit (fsynced: the writer connection runs synchronous=FULL) → apply →
        // acknowledge. The append is held so the submission's state can be seen while it runs, and the
        // apply callback reads the ledger through a connection of its own, as a restarted registry would.
        var counting = new CountingLedgerStore(_store, holdFirstAppend: true);
        var order = new List<string>();
        _writer = new GroupCommitWriter(counting, entries =>
        {
            object? visible = SqliteFile.Scalar(_store.DatabasePath, $"SELECT COUNT(*) FROM ledger WHERE lsn = {entries[^1].Lsn};");
            order.Add(visible is 1L ? "committed" : "not committed");
            order.Add("applied");
            return ValueTask.CompletedTask;
        });

        // Act
        Task<IReadOnlyList<LedgerEntry>> submission = _writer.SubmitAsync([Set("user:1", "marketing")]);
        await counting.FirstAppendStarted.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        bool acknowledgedDuringAppend = submission.IsCompleted;
        counting.ReleaseFirstAppend();
        await submission.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        order.Add("acknowledged");

        // Assert
        acknowledgedDuringAppend.ShouldBeFalse("the submission completed before the store had committed");
        order.ShouldBe(["committed", "applied", "acknowledged"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_NonPositiveBound_Throws(int bound)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new GroupCommitWriter(_store, OnCommitted, bound));
    }

    private static NewEntry[] SubmissionOf(int submitter) =>
        [.. Enumerable.Range(0, 1 + (submitter % 5)).Select(j => Set($"user:{submitter}", $"purpose_{j}"))];

    private static async Task<Task<IReadOnlyList<LedgerEntry>>[]> SubmitConcurrentlyAsync(GroupCommitWriter writer, Func<int, IReadOnlyList<NewEntry>> entries)
    {
        // Each submitter on its own thread-pool work item (StartNew, unlike Task.Run, does not unwrap the
        // submission), so awaiting the outer tasks means every submission is queued.
        Task<Task<IReadOnlyList<LedgerEntry>>>[] submitting =
            [.. Enumerable.Range(0, Submitters).Select(i => Task.Factory.StartNew(() => writer.SubmitAsync(entries(i)), Ct, TaskCreationOptions.None, TaskScheduler.Default))];
        return await Task.WhenAll(submitting);
    }

    private GroupCommitWriter Start(ILedgerStore store) => _writer = new GroupCommitWriter(store, OnCommitted, retry: FastRetry);

    /// <summary>Completes with the first status change that matches, raised on the writer's loop.</summary>
    private static Task<WriterStatus> NextStatus(GroupCommitWriter writer, Func<WriterStatus, bool> match)
    {
        var seen = new TaskCompletionSource<WriterStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        writer.StatusChanged += status =>
        {
            if (match(status))
            {
                seen.TrySetResult(status);
            }
        };
        return seen.Task;
    }

    private ValueTask OnCommitted(IReadOnlyList<LedgerEntry> entries)
    {
        // The writer calls this from its one loop, one group at a time.
        _committed.AddRange(entries);
        return ValueTask.CompletedTask;
    }
}
