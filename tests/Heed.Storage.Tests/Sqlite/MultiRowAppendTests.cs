using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Sqlite;

/// <summary>Bulk appends go through multi-row statements; they must write exactly what one append per entry writes.</summary>
public sealed class MultiRowAppendTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AppendAsync_OneBulkAppend_SameLedgerChainAndStateAsOneAppendPerEntry()
    {
        // Arrange: more than every chunk size together (256 + 64 + 8 + 1s), with what makes order matter:
        // a subject set twice in one run, clears between runs, a clear of all, keys.
        var entries = new List<NewEntry>();
        for (int i = 0; i < 700; i++)
        {
            entries.Add(Set($"user:{i % 450}", i % 3 == 0 ? "marketing" : "marketing.email", source: $"s{i}", secondsLater: i));
            if (i % 97 == 0)
            {
                entries.Add(Clear($"user:{i % 450}", "marketing", secondsLater: i));
            }
        }

        entries.Add(CreateKey("k1"));
        entries.Add(Set("user:7", "analytics", source: null));
        entries.Add(new NewEntry(EntryKinds.OptOutClear, "user:8", "all", Start, """{"source":"test"}"""));
        entries.Add(RevokeKey("k1"));
        entries.AddRange(Sets(300, "tail"));
        await using SqliteLedgerStore bulk = await SqliteLedgerStore.OpenAsync(_directory.Combine("bulk"), Ct);
        await using SqliteLedgerStore single = await SqliteLedgerStore.OpenAsync(_directory.Combine("single"), Ct);

        // Act
        await bulk.AppendAsync(entries, Ct);
        foreach (NewEntry entry in entries)
        {
            await single.AppendAsync([entry], Ct);
        }

        // Assert
        (await LedgerChainVerifier.VerifyAsync(bulk, cancellationToken: Ct)).ShouldBeNull();
        IReadOnlyList<LedgerEntry> bulkLedger = await bulk.ReadAfterAsync(0, 10_000, Ct);
        IReadOnlyList<LedgerEntry> singleLedger = await single.ReadAfterAsync(0, 10_000, Ct);
        bulkLedger.Count.ShouldBe(entries.Count);
        bulkLedger.Select(e => (e.Lsn, e.Kind, e.Subject, e.Purpose, e.At, e.Body, Convert.ToHexString(e.Hash)))
            .ShouldBe(singleLedger.Select(e => (e.Lsn, e.Kind, e.Subject, e.Purpose, e.At, e.Body, Convert.ToHexString(e.Hash))));
        (await ReadAllAsync(bulk)).ShouldBe(await ReadAllAsync(single));
        (await bulk.ReadKeysAsync(Ct)).ShouldBe(await single.ReadKeysAsync(Ct));
    }

    [Fact]
    public async Task AppendAsync_BadTextInsideALargeChunk_NamesThatEntryAndWritesNothing()
    {
        await using SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(_directory.Combine("surrogate"), Ct);
        NewEntry[] entries = Sets(300);
        entries[200] = Set("user:bad", "marketing", source: "\ud800");

        LedgerEntryException refused = await Should.ThrowAsync<LedgerEntryException>(() => store.AppendAsync(entries, Ct));

        refused.EntryIndex.ShouldBe(200);
        (await store.GetHeadAsync(Ct)).ShouldBe(0);
        (await ReadAllAsync(store)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AppendAsync_ConstraintInsideAMultiRowStatement_NamesTheEntryItHit()
    {
        // Another writer took LSN 150 behind this store's back: the 150th entry of a bulk append collides,
        // inside a statement of 256 rows, and SQLite does not say which row. The store must still name it.
        await using SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(_directory.Combine("collision"), Ct);
        SqliteFile.Scalar(store.DatabasePath, "INSERT INTO ledger(lsn, kind, subject, purpose, at_ms, body, prev_hash, hash) VALUES(150, 'x', NULL, NULL, 0, '{}', x'00', x'00');");

        LedgerEntryException refused = await Should.ThrowAsync<LedgerEntryException>(() => store.AppendAsync(Sets(300), Ct));

        refused.EntryIndex.ShouldBe(149);
        refused.InnerException.ShouldBeOfType<SqliteException>();
        (await store.GetHeadAsync(Ct)).ShouldBe(0);
        (await ReadAllAsync(store)).ShouldBeEmpty();
    }

    private static async Task<List<OptOutRow>> ReadAllAsync(ILedgerStore store)
    {
        var rows = new List<OptOutRow>();
        await foreach (OptOutRow row in store.ReadAllOptOutsAsync(Ct))
        {
            rows.Add(row);
        }

        return rows;
    }
}
