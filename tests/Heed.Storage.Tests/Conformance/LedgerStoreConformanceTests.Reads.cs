using Heed.Storage.Ledger;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Conformance;

/// <summary>Reads: paging the ledger, one subject's history, streaming the state, reading beside the writer.</summary>
public abstract partial class LedgerStoreConformanceTests
{
    [Fact]
    public async Task ReadAfterAsync_PagesOfTen_ReturnEveryEntryOnceInLsnOrder()
    {
        ILedgerStore store = await CreateAsync();
        IReadOnlyList<LedgerEntry> appended = await store.AppendAsync(Sets(25), Ct);

        var pages = new List<IReadOnlyList<LedgerEntry>>();
        long after = 0;
        IReadOnlyList<LedgerEntry> page;
        do
        {
            page = await store.ReadAfterAsync(after, 10, Ct);
            pages.Add(page);
            after = page.Count > 0 ? page[^1].Lsn : after;
        }
        while (page.Count > 0);

        pages.Select(p => p.Count).ShouldBe([10, 10, 5, 0]);
        List<LedgerEntry> read = [.. pages.SelectMany(p => p)];
        read.Count.ShouldBe(appended.Count);
        for (int i = 0; i < read.Count; i++)
        {
            ShouldBeSameEntry(read[i], appended[i]);
        }
    }

    [Fact]
    public async Task ReadAfterAsync_FromTheMiddle_StartsAfterThatLsn()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync(Sets(10), Ct);

        IReadOnlyList<LedgerEntry> read = await store.ReadAfterAsync(7, 100, Ct);

        read.Select(e => e.Lsn).ShouldBe([8, 9, 10]);
    }

    [Fact]
    public async Task ReadAfterAsync_AtOrPastTheHead_ReturnsNothing()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync(Sets(3), Ct);

        IReadOnlyList<LedgerEntry> atHead = await store.ReadAfterAsync(3, 10, Ct);
        IReadOnlyList<LedgerEntry> pastHead = await store.ReadAfterAsync(50, 10, Ct);

        atHead.ShouldBeEmpty();
        pastHead.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadHistoryAsync_InterleavedSubjects_ReturnsOnlyThatSubjectsOptOutEntriesOldestFirst()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync([Set("user:1", "marketing"), Set("user:2", "marketing"), CreateKey("k1")], Ct);
        await store.AppendAsync([Clear("user:1", "marketing", secondsLater: 1), Set("user:10", "analytics"), Set("user:1", "analytics", secondsLater: 2)], Ct);

        IReadOnlyList<LedgerEntry> history = await store.ReadHistoryAsync("user:1", Ct);

        history.Select(e => (e.Lsn, e.Kind, e.Purpose)).ShouldBe(
            [
                (1L, EntryKinds.OptOutSet, (string?)"marketing"),
                (4L, EntryKinds.OptOutClear, "marketing"),
                (6L, EntryKinds.OptOutSet, "analytics"),
            ]);
        history.ShouldAllBe(e => e.Subject == "user:1");
        (await store.ReadHistoryAsync("user:404", Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadAllOptOutsAsync_ManySubjects_StreamsOrderedBySubjectThenPurpose()
    {
        ILedgerStore store = await CreateAsync();
        string[] purposes = ["train_ai_system", "analytics", "marketing.communications.email", "marketing"];
        NewEntry[] entries = [.. Enumerable.Range(0, 500).Reverse().SelectMany(i => purposes.Select(p => Set($"user:{i}", p)))];
        await store.AppendAsync(entries, Ct);

        var rows = new List<OptOutRow>();
        await foreach (OptOutRow row in store.ReadAllOptOutsAsync(Ct))
        {
            rows.Add(row);
        }

        rows.Count.ShouldBe(2_000);
        var expected = rows.OrderBy(r => r.Subject, StringComparer.Ordinal).ThenBy(r => r.Purpose, StringComparer.Ordinal).Select(r => (r.Subject, r.Purpose));
        rows.Select(r => (r.Subject, r.Purpose)).ShouldBe(expected);
    }

    [Fact]
    public async Task ReadAllOptOutsAsync_EmptyStore_YieldsNothing()
    {
        ILedgerStore store = await CreateAsync();

        int count = await CountAllOptOutsAsync(store);

        count.ShouldBe(0);
    }

    [Fact]
    public async Task ReadAfterAsync_WhileAppending_SeesOnlyWholeCommittedBatchesAndNeverLagsTheHead()
    {
        ILedgerStore store = await CreateAsync();
        const int Batches = 60;
        const int BatchSize = 25;

        Task writing = Task.Run(
            async () =>
            {
                for (int b = 0; b < Batches; b++)
                {
                    await store.AppendAsync(Sets(BatchSize, $"{b}-"), Ct);
                }
            },
            Ct);
        Task<int>[] readers = [.. Enumerable.Range(0, 3).Select(_ => Task.Run(() => ReadUntilDoneAsync(store, writing, BatchSize), Ct))];

        await writing;
        int[] reads = await Task.WhenAll(readers);

        reads.ShouldAllBe(r => r > 0);
        (await store.GetHeadAsync(Ct)).ShouldBe(Batches * BatchSize);
        (await LedgerChainVerifier.VerifyAsync(store, cancellationToken: Ct)).ShouldBeNull();
    }

    private static async Task<int> ReadUntilDoneAsync(ILedgerStore store, Task writing, int batchSize)
    {
        int reads = 0;
        long seen = 0;
        bool lastRound;
        do
        {
            lastRound = writing.IsCompleted;
            long head = await store.GetHeadAsync(Ct);
            IReadOnlyList<LedgerEntry> all = await store.ReadAfterAsync(0, int.MaxValue, Ct);

            // The head is only announced once its entries can be read; a reader never sees half a batch.
            all.Count.ShouldBeGreaterThanOrEqualTo((int)head);
            (all.Count % batchSize).ShouldBe(0);
            all.Count.ShouldBeGreaterThanOrEqualTo((int)seen);
            for (int i = 0; i < all.Count; i++)
            {
                all[i].Lsn.ShouldBe(i + 1);
            }

            seen = all.Count;
            reads++;
        }
        while (!lastRound);

        return reads;
    }
}
