using Heed.Storage.Ledger;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Conformance;

/// <summary>
/// What every <see cref="ILedgerStore"/> must do (docs/operations.md), written only against the interface.
/// A store's test class derives from this and supplies <see cref="CreateStoreAsync"/> and
/// <see cref="ReopenStoreAsync"/>; the suite is split over partial files by topic.
/// </summary>
public abstract partial class LedgerStoreConformanceTests : IAsyncLifetime
{
    private readonly List<ILedgerStore> _open = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a new, empty, initialized store called <paramref name="name"/>.</summary>
    protected abstract Task<ILedgerStore> CreateStoreAsync(string name, CancellationToken cancellationToken);

    /// <summary>Opens and initializes the existing store called <paramref name="name"/> again (its previous instance is disposed).</summary>
    protected abstract Task<ILedgerStore> ReopenStoreAsync(string name, CancellationToken cancellationToken);

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (ILedgerStore store in _open)
        {
            await store.DisposeAsync();
        }

        _open.Clear();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task GetHeadAsync_EmptyStore_ReturnsZero()
    {
        ILedgerStore store = await CreateAsync();

        long head = await store.GetHeadAsync(Ct);

        head.ShouldBe(0);
    }

    [Fact]
    public async Task AppendAsync_SeveralBatches_AssignsConsecutiveLsnsFromOne()
    {
        ILedgerStore store = await CreateAsync();

        IReadOnlyList<LedgerEntry> first = await store.AppendAsync(Sets(3, "a"), Ct);
        IReadOnlyList<LedgerEntry> second = await store.AppendAsync([CreateKey("k1")], Ct);
        IReadOnlyList<LedgerEntry> third = await store.AppendAsync(Sets(2, "b"), Ct);

        first.Select(e => e.Lsn).ShouldBe([1, 2, 3]);
        second.Select(e => e.Lsn).ShouldBe([4]);
        third.Select(e => e.Lsn).ShouldBe([5, 6]);
        (await store.GetHeadAsync(Ct)).ShouldBe(6);
    }

    [Fact]
    public async Task AppendAsync_SeveralBatches_LinksEachEntryToThePreviousHash()
    {
        ILedgerStore store = await CreateAsync();

        await store.AppendAsync(Sets(3, "a"), Ct);
        await store.AppendAsync([CreateKey("k1"), Clear("user:a1", "marketing")], Ct);

        IReadOnlyList<LedgerEntry> all = await store.ReadAfterAsync(0, 100, Ct);
        all.Count.ShouldBe(5);
        all[0].PrevHash.ShouldBe(EntryHasher.Genesis);
        for (int i = 0; i < all.Count; i++)
        {
            all[i].Hash.ShouldBe(EntryHasher.Compute(all[i]), $"entry {all[i].Lsn}");
            if (i > 0)
            {
                all[i].PrevHash.ShouldBe(all[i - 1].Hash, $"entry {all[i].Lsn}");
            }
        }

        (await LedgerChainVerifier.VerifyAsync(store, pageSize: 2, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task AppendAsync_SubMillisecondTimes_ReturnsExactlyWhatIsReadBack()
    {
        ILedgerStore store = await CreateAsync();
        NewEntry[] entries = [Set("user:1", "marketing"), CreateKey("k1"), SchemaEntries.Register(1) with { At = Start.AddTicks(9_999) }];

        IReadOnlyList<LedgerEntry> appended = await store.AppendAsync(entries, Ct);

        IReadOnlyList<LedgerEntry> read = await store.ReadAfterAsync(0, 10, Ct);
        read.Count.ShouldBe(entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            ShouldBeSameEntry(read[i], appended[i]);
            read[i].At.ShouldBe(Stored(entries[i].At));
            read[i].At.Offset.ShouldBe(TimeSpan.Zero);
            read[i].Kind.ShouldBe(entries[i].Kind);
            read[i].Subject.ShouldBe(entries[i].Subject);
            read[i].Purpose.ShouldBe(entries[i].Purpose);
            read[i].Body.ShouldBe(entries[i].Body);
            appended[i].Hash.ShouldBe(EntryHasher.Compute(appended[i]));
        }
    }

    [Fact]
    public async Task AppendAsync_EmptyAndNullFields_ReadBackExactlyAsGiven()
    {
        ILedgerStore store = await CreateAsync();
        NewEntry[] entries = [new("note", string.Empty, null, Start, string.Empty), new("note", null, string.Empty, Start, "{}"), new("note", "é 𝄞", "ü", Start, "{\"a\":\"\u2028\"}")];

        IReadOnlyList<LedgerEntry> appended = await store.AppendAsync(entries, Ct);

        IReadOnlyList<LedgerEntry> read = await store.ReadAfterAsync(0, 10, Ct);
        read.Select(e => (e.Subject, e.Purpose, e.Body)).ShouldBe(entries.Select(e => (e.Subject, e.Purpose, e.Body)));
        for (int i = 0; i < entries.Length; i++)
        {
            ShouldBeSameEntry(read[i], appended[i]);
        }

        (await LedgerChainVerifier.VerifyAsync(store, cancellationToken: Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task AppendAsync_EmptyBatch_ReturnsNothingAndKeepsHead()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync(Sets(2), Ct);

        IReadOnlyList<LedgerEntry> appended = await store.AppendAsync([], Ct);

        appended.ShouldBeEmpty();
        (await store.GetHeadAsync(Ct)).ShouldBe(2);
    }

    [Fact]
    public async Task AppendAsync_BatchOfTenThousand_CommitsEveryEntry()
    {
        ILedgerStore store = await CreateAsync();

        IReadOnlyList<LedgerEntry> appended = await store.AppendAsync(Sets(10_000), Ct);

        appended.Count.ShouldBe(10_000);
        appended[^1].Lsn.ShouldBe(10_000);
        (await store.GetHeadAsync(Ct)).ShouldBe(10_000);
        (await CountAllOptOutsAsync(store)).ShouldBe(10_000);
        (await LedgerChainVerifier.VerifyAsync(store, cancellationToken: Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task ReopenStoreAsync_AfterAppends_SeesEverythingAndContinuesTheChain()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync([Set("user:1", "marketing", "ui"), Set("user:1", "analytics"), CreateKey("k1")], Ct);
        IReadOnlyList<LedgerEntry> last = await store.AppendAsync([Clear("user:1", "analytics"), RevokeKey("k1", secondsLater: 5)], Ct);

        ILedgerStore reopened = await ReopenAsync(store);
        IReadOnlyList<LedgerEntry> next = await reopened.AppendAsync([Set("user:2", "train_ai_system")], Ct);

        (await reopened.GetHeadAsync(Ct)).ShouldBe(6);
        next[0].Lsn.ShouldBe(6);
        next[0].PrevHash.ShouldBe(last[^1].Hash);
        (await reopened.ReadOptOutsAsync("user:1", Ct)).ShouldHaveSingleItem().Source.ShouldBe("ui");
        (await reopened.ReadKeysAsync(Ct)).ShouldHaveSingleItem().Revoked.ShouldBe(Stored(Start.AddSeconds(5)));
        (await LedgerChainVerifier.VerifyAsync(reopened, cancellationToken: Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task ReopenStoreAsync_EmptyStore_StartsTheChainAtGenesis()
    {
        ILedgerStore store = await CreateAsync();

        ILedgerStore reopened = await ReopenAsync(store);
        IReadOnlyList<LedgerEntry> first = await reopened.AppendAsync([Set("user:1", "marketing")], Ct);

        first[0].Lsn.ShouldBe(1);
        first[0].PrevHash.ShouldBe(EntryHasher.Genesis);
    }

    protected async Task<ILedgerStore> CreateAsync(string name = "ledger")
    {
        ILedgerStore store = await CreateStoreAsync(name, Ct);
        _open.Add(store);
        return store;
    }

    protected async Task<ILedgerStore> ReopenAsync(ILedgerStore store, string name = "ledger")
    {
        _open.Remove(store);
        await store.DisposeAsync();
        ILedgerStore reopened = await ReopenStoreAsync(name, Ct);
        _open.Add(reopened);
        return reopened;
    }

    protected static void ShouldBeSameEntry(LedgerEntry actual, LedgerEntry expected)
    {
        // Records compare byte arrays by reference, so the hashes are compared by content here.
        actual.Lsn.ShouldBe(expected.Lsn);
        actual.Kind.ShouldBe(expected.Kind);
        actual.Subject.ShouldBe(expected.Subject);
        actual.Purpose.ShouldBe(expected.Purpose);
        actual.At.ShouldBe(expected.At);
        actual.At.Offset.ShouldBe(expected.At.Offset);
        actual.Body.ShouldBe(expected.Body);
        actual.PrevHash.ShouldBe(expected.PrevHash);
        actual.Hash.ShouldBe(expected.Hash);
    }

    protected static async Task<int> CountAllOptOutsAsync(ILedgerStore store)
    {
        int count = 0;
        await foreach (OptOutRow _ in store.ReadAllOptOutsAsync(Ct))
        {
            count++;
        }

        return count;
    }
}
