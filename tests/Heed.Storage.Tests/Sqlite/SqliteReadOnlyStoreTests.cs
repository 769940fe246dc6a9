using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Sqlite;

/// <summary><see cref="SqliteLedgerStore.OpenReadOnly"/>: what <c>heed audit verify --data</c> reads a copied data directory with.</summary>
public sealed class SqliteReadOnlyStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task OpenReadOnly_ClosedStore_ReadsEntriesHeadIdAndCheckpoint()
    {
        string data = _directory.Combine("data");
        string id;
        await using (SqliteLedgerStore writer = await SqliteLedgerStore.OpenAsync(data, Ct))
        {
            await writer.AppendAsync(Sets(3), Ct);
            await writer.SaveCheckpointAsync(3, "note\n", Ct);
            id = await writer.GetLedgerIdAsync(Ct);
        }

        string[] filesBefore = Directory.GetFiles(data);
        await using (SqliteLedgerStore store = SqliteLedgerStore.OpenReadOnly(data))
        {
            (await store.GetHeadAsync(Ct)).ShouldBe(3);
            (await store.GetLedgerIdAsync(Ct)).ShouldBe(id);
            (await store.ReadAfterAsync(0, 10, Ct)).Count.ShouldBe(3);
            (await store.ReadLatestCheckpointAsync(Ct)).ShouldBe(new CheckpointRow(3, "note\n"));
            await Should.ThrowAsync<InvalidOperationException>(() => store.AppendAsync(Sets(1), Ct));
            await Should.ThrowAsync<InvalidOperationException>(() => store.SaveCheckpointAsync(4, "x\n", Ct));
        }

        Directory.GetFiles(data).ShouldBe(filesBefore, ignoreOrder: true, "a read-only open creates nothing");
    }

    [Fact]
    public void OpenReadOnly_NoDatabase_ThrowsFileNotFoundAndCreatesNothing()
    {
        string data = _directory.Combine("empty");
        Directory.CreateDirectory(data);

        Should.Throw<FileNotFoundException>(() => SqliteLedgerStore.OpenReadOnly(data));

        Directory.GetFiles(data).ShouldBeEmpty();
    }
}
