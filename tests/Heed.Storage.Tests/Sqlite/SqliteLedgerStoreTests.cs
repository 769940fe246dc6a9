using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;
using Heed.Storage.Tests.Conformance;
using Microsoft.Data.Sqlite;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Sqlite;

/// <summary>The conformance suite on real SQLite files, plus what only the embedded store promises.</summary>
public sealed class SqliteLedgerStoreTests : LedgerStoreConformanceTests
{
    private readonly TempDirectory _directory = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    protected override async Task<ILedgerStore> CreateStoreAsync(string name, CancellationToken cancellationToken)
    {
        Directory.Exists(_directory.Combine(name)).ShouldBeFalse("each store name is created once per test");
        return await SqliteLedgerStore.OpenAsync(_directory.Combine(name), cancellationToken);
    }

    protected override async Task<ILedgerStore> ReopenStoreAsync(string name, CancellationToken cancellationToken) =>
        await SqliteLedgerStore.OpenAsync(_directory.Combine(name), cancellationToken);

    [Fact]
    public async Task AppendAsync_EntryTheStateRefuses_ThrowsLedgerEntryExceptionNamingIt()
    {
        await using SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(_directory.Combine("refused"), Ct);
        await store.AppendAsync([CreateKey("k1")], Ct);

        LedgerEntryException duplicate = await Should.ThrowAsync<LedgerEntryException>(() => store.AppendAsync([Set("user:1", "marketing"), CreateKey("k1")], Ct));
        LedgerEntryException unknown = await Should.ThrowAsync<LedgerEntryException>(() => store.AppendAsync([RevokeKey("nobody")], Ct));

        duplicate.EntryIndex.ShouldBe(1);
        duplicate.InnerException.ShouldBeOfType<SqliteException>();
        unknown.EntryIndex.ShouldBe(0);
        unknown.Reason.ShouldContain("nobody");
        (await store.GetHeadAsync(Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task RecoverAsync_HealthyStore_ReopensAtTheDurableHeadAndTakesAppends()
    {
        await using SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(_directory.Combine("recover"), Ct);
        await store.AppendAsync(Sets(3), Ct);

        await store.RecoverAsync(Ct);
        IReadOnlyList<LedgerEntry> next = await store.AppendAsync([Set("user:after", "marketing")], Ct);

        next.ShouldHaveSingleItem().Lsn.ShouldBe(4);
        next[0].PrevHash.ShouldBe((await store.ReadAfterAsync(2, 1, Ct))[0].Hash, "the chain continues from the head read back from the file");
    }

    [Fact]
    public async Task OpenAsync_MissingDirectory_CreatesHeedDbInIt()
    {
        string dataDirectory = _directory.Combine("a/b/heed-data");

        await using SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(dataDirectory, Ct);

        store.DatabasePath.ShouldBe(Path.Combine(dataDirectory, "heed.db"));
        File.Exists(store.DatabasePath).ShouldBeTrue();
    }

    [Fact]
    public async Task Constructor_ExistingDirectory_KeepsHeedDbInside()
    {
        await using var store = new SqliteLedgerStore(_directory.Path);

        await store.InitializeAsync(Ct);

        store.DatabasePath.ShouldBe(_directory.Combine("heed.db"));
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_UsesTheWriteAheadLog()
    {
        await using SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(_directory.Path, Ct);

        string mode = (string)Scalar(store.DatabasePath, "PRAGMA journal_mode;")!;

        mode.ShouldBe("wal");
    }

    [Fact]
    public async Task AppendAsync_FilesCopiedWhileTheStoreIsStillOpen_HoldEveryAcknowledgedEntry()
    {
        // What kill -9 leaves behind is what the files hold at that moment: nothing the process had in
        // memory. A copy taken while the store is open and never closed is that state.
        SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(_directory.Combine("live"), Ct);
        await using (store)
        {
            await store.AppendAsync(Sets(1_000), Ct);
            await store.AppendAsync([CreateKey("k1"), Clear("user:7", "marketing")], Ct);
            Directory.CreateDirectory(_directory.Combine("crashed"));
            foreach (string suffix in new[] { string.Empty, "-wal" })
            {
                File.Copy(store.DatabasePath + suffix, _directory.Combine("crashed/heed.db" + suffix));
            }
        }

        await using SqliteLedgerStore recovered = await SqliteLedgerStore.OpenAsync(_directory.Combine("crashed"), Ct);

        (await recovered.GetHeadAsync(Ct)).ShouldBe(1_002);
        (await CountAllOptOutsAsync(recovered)).ShouldBe(999);
        (await recovered.ReadKeysAsync(Ct)).ShouldHaveSingleItem().Id.ShouldBe("k1");
        (await LedgerChainVerifier.VerifyAsync(recovered, cancellationToken: Ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("UPDATE ledger SET body = '{\"source\":\"forged\"}' WHERE lsn = 3;", "entry 3 does not match its hash")]
    [InlineData("UPDATE ledger SET hash = zeroblob(32) WHERE lsn = 2;", "entry 2 does not match its hash")]
    [InlineData("DELETE FROM ledger WHERE lsn = 2;", "entry 3 follows entry 1")]
    public async Task InitializeAsync_TamperedHead_RefusesToOpen(string tamper, string problem)
    {
        SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(_directory.Path, Ct);
        await store.AppendAsync(Sets(3), Ct);
        await store.DisposeAsync();
        Execute(Path.Combine(_directory.Path, "heed.db"), tamper);

        InvalidDataException error = await Should.ThrowAsync<InvalidDataException>(() => SqliteLedgerStore.OpenAsync(_directory.Path, Ct));

        error.Message.ShouldContain(problem);
    }

    [Fact]
    public async Task InitializeAsync_SchemaFromNewerVersion_RefusesToOpen()
    {
        SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(_directory.Path, Ct);
        await store.DisposeAsync();
        Execute(Path.Combine(_directory.Path, "heed.db"), "UPDATE meta SET value = '99' WHERE key = 'schema_version';");

        NotSupportedException error = await Should.ThrowAsync<NotSupportedException>(() => SqliteLedgerStore.OpenAsync(_directory.Path, Ct));

        error.Message.ShouldContain("99");
    }

    [Fact]
    public async Task Reads_WhileAnotherConnectionHoldsAWriteTransaction_DoNotWaitForIt()
    {
        await using SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(_directory.Path, Ct);
        await store.AppendAsync(Sets(5), Ct);
        using var blocker = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False");
        blocker.Open();
        using SqliteTransaction transaction = blocker.BeginTransaction(deferred: false);
        using (SqliteCommand insert = blocker.CreateCommand())
        {
            insert.CommandText = "INSERT INTO optouts VALUES('user:uncommitted', 'marketing', 99, 0, NULL);";
            insert.ExecuteNonQuery();
        }

        // With a rollback journal these would wait for the lock (and fail after the busy timeout).
        IReadOnlyList<LedgerEntry> entries = await store.ReadAfterAsync(0, 10, Ct);
        int rows = await CountAllOptOutsAsync(store);

        entries.Count.ShouldBe(5);
        rows.ShouldBe(5);
        transaction.Rollback();
    }

    [Fact]
    public async Task InitializeAsync_WriterConnection_FsyncsEveryCommitInWalMode()
    {
        // synchronous is a per-connection setting: only the writer's own connection can show it. FULL (2)
        // or EXTRA (3) fsync the WAL at every commit; NORMAL (1) or OFF (0) would let kill -9 plus a power
        // loss take acknowledged writes, and no process-kill test could see the difference.
        await using SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(_directory.Path, Ct);
        await store.AppendAsync([Set("user:1", "marketing")], Ct);

        int synchronous = int.Parse(store.ReadWriterPragma("synchronous"), System.Globalization.CultureInfo.InvariantCulture);
        string journal = store.ReadWriterPragma("journal_mode");

        synchronous.ShouldBeGreaterThanOrEqualTo(2, "PRAGMA synchronous on the writer connection (2 = FULL)");
        journal.ShouldBe("wal");
    }

    [Fact]
    public async Task AppendAsync_Returned_CommittedForEveryOtherConnection()
    {
        // What AppendAsync returns is what the registry acknowledges; it must already be committed, so a
        // connection of its own (as after a restart) sees it. A store that committed later would pass
        // every test that reads through the same store.
        await using SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(_directory.Path, Ct);

        IReadOnlyList<LedgerEntry> first = await store.AppendAsync([Set("user:1", "marketing")], Ct);
        object? afterFirst = Scalar(store.DatabasePath, $"SELECT COUNT(*) FROM ledger WHERE lsn = {first[0].Lsn};");
        IReadOnlyList<LedgerEntry> second = await store.AppendAsync([Set("user:2", "marketing")], Ct);
        object? afterSecond = Scalar(store.DatabasePath, $"SELECT COUNT(*) FROM ledger WHERE lsn = {second[0].Lsn};");

        afterFirst.ShouldBe(1L);
        afterSecond.ShouldBe(1L);
    }

    [Fact]
    public async Task AppendAsync_BeforeInitialize_Throws()
    {
        await using var store = new SqliteLedgerStore(_directory.Combine("never.db"));

        await Should.ThrowAsync<InvalidOperationException>(() => store.AppendAsync([Set("user:1", "marketing")], Ct));
    }

    private static void Execute(string databasePath, string sql) => SqliteFile.Scalar(databasePath, sql);

    private static object? Scalar(string databasePath, string sql) => SqliteFile.Scalar(databasePath, sql);
}
