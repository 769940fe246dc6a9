using Heed.Storage.Ledger;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Conformance;

/// <summary>Signed checkpoints kept in the store: the newest is read back, one per size, they survive a reopen.</summary>
public abstract partial class LedgerStoreConformanceTests
{
    [Fact]
    public async Task ReadLatestCheckpointAsync_NoneSaved_ReturnsNull()
    {
        ILedgerStore store = await CreateAsync();

        (await store.ReadLatestCheckpointAsync(Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task ReadLatestCheckpointAsync_SeveralSaved_ReturnsTheLargestSize()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync(Sets(5), Ct);

        await store.SaveCheckpointAsync(2, "note 2\n", Ct);
        await store.SaveCheckpointAsync(5, "note 5\n", Ct);
        await store.SaveCheckpointAsync(3, "note 3\n", Ct);

        (await store.ReadLatestCheckpointAsync(Ct)).ShouldBe(new CheckpointRow(5, "note 5\n"));
    }

    [Fact]
    public async Task SaveCheckpointAsync_SizeAlreadyKept_KeepsTheFirst()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync(Sets(1), Ct);

        await store.SaveCheckpointAsync(1, "first\n", Ct);
        await store.SaveCheckpointAsync(1, "second\n", Ct);

        (await store.ReadLatestCheckpointAsync(Ct)).ShouldBe(new CheckpointRow(1, "first\n"));
    }

    [Fact]
    public async Task SaveCheckpointAsync_BesideAppends_KeepsBothAndSurvivesReopen()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync(Sets(2, "a"), Ct);
        await store.SaveCheckpointAsync(2, "note 2\n", Ct);
        await store.AppendAsync(Sets(2, "b"), Ct);

        ILedgerStore reopened = await ReopenAsync(store);

        (await reopened.ReadLatestCheckpointAsync(Ct)).ShouldBe(new CheckpointRow(2, "note 2\n"));
        (await reopened.GetHeadAsync(Ct)).ShouldBe(4);
    }
}
