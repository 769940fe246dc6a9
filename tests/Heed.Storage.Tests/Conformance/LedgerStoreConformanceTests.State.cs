using Heed.Storage.Ledger;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Conformance;

/// <summary>The materialized state: opt-outs and keys follow the ledger in the same transaction.</summary>
public abstract partial class LedgerStoreConformanceTests
{
    [Fact]
    public async Task AppendAsync_OptOutSet_MaterializesRowWithLsnTimeAndSource()
    {
        ILedgerStore store = await CreateAsync();

        IReadOnlyList<LedgerEntry> appended = await store.AppendAsync([Set("email:a@example.com", "marketing.communications.email", "gpc"), Set("email:a@example.com", "analytics", source: null)], Ct);

        IReadOnlyList<OptOutRow> rows = await store.ReadOptOutsAsync("email:a@example.com", Ct);
        rows.Count.ShouldBe(2);
        OptOutRow analytics = rows.Single(r => r.Purpose == "analytics");
        OptOutRow email = rows.Single(r => r.Purpose == "marketing.communications.email");
        email.ShouldBe(new OptOutRow("email:a@example.com", "marketing.communications.email", appended[0].Lsn, Stored(Start), "gpc"));
        analytics.Lsn.ShouldBe(appended[1].Lsn);
        analytics.Source.ShouldBeNull();
    }

    [Fact]
    public async Task AppendAsync_OptOutSetAgain_KeepsOneRowWithTheLatestEntry()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync([Set("user:1", "marketing", "ui")], Ct);

        IReadOnlyList<LedgerEntry> again = await store.AppendAsync([Set("user:1", "marketing", "csv", secondsLater: 60)], Ct);

        OptOutRow row = (await store.ReadOptOutsAsync("user:1", Ct)).ShouldHaveSingleItem();
        row.ShouldBe(new OptOutRow("user:1", "marketing", again[0].Lsn, Stored(Start.AddSeconds(60)), "csv"));
    }

    [Fact]
    public async Task AppendAsync_OptOutClear_RemovesThePurposeAndEverythingBelowIt()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync(
            [
                Set("user:1", "marketing"),
                Set("user:1", "marketing.communications.email"),
                Set("user:1", "marketing.advertising.profiling"),
                Set("user:1", "marketing_partners"),
                Set("user:1", "analytics.reporting"),
                Set("user:2", "marketing.communications.sms"),
            ],
            Ct);

        await store.AppendAsync([Clear("user:1", "marketing")], Ct);

        (await PurposesOfAsync(store, "user:1")).ShouldBe(["analytics.reporting", "marketing_partners"]);
        (await PurposesOfAsync(store, "user:2")).ShouldBe(["marketing.communications.sms"]);
    }

    [Fact]
    public async Task AppendAsync_OptOutClearOfChild_KeepsTheParent()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync([Set("user:1", "marketing"), Set("user:1", "marketing.communications.email")], Ct);

        await store.AppendAsync([Clear("user:1", "marketing.communications")], Ct);

        (await PurposesOfAsync(store, "user:1")).ShouldBe(["marketing"]);
    }

    [Fact]
    public async Task AppendAsync_OptOutClearOfPurposeWithUnderscore_TreatsUnderscoreLiterally()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync([Set("user:1", "third_party_sharing.sale"), Set("user:1", "thirdxparty_sharing.sale"), Set("user:1", "third_party_sharingx")], Ct);

        await store.AppendAsync([Clear("user:1", "third_party_sharing")], Ct);

        (await PurposesOfAsync(store, "user:1")).ShouldBe(["third_party_sharingx", "thirdxparty_sharing.sale"]);
    }

    [Fact]
    public async Task AppendAsync_OptOutClearAll_RemovesEveryPurposeOfThatSubjectOnly()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync([Set("user:1", "all"), Set("user:1", "marketing"), Set("user:1", "train_ai_system"), Set("user:10", "marketing")], Ct);

        await store.AppendAsync([Clear("user:1", "all")], Ct);

        (await store.ReadOptOutsAsync("user:1", Ct)).ShouldBeEmpty();
        (await PurposesOfAsync(store, "user:10")).ShouldBe(["marketing"]);
    }

    [Fact]
    public async Task AppendAsync_SetClearSetInOneBatch_AppliesInLsnOrder()
    {
        ILedgerStore store = await CreateAsync();

        IReadOnlyList<LedgerEntry> appended = await store.AppendAsync([Set("user:1", "marketing", "a"), Clear("user:1", "marketing"), Set("user:1", "marketing", "c"), Set("user:2", "analytics"), Clear("user:2", "all")], Ct);

        OptOutRow row = (await store.ReadOptOutsAsync("user:1", Ct)).ShouldHaveSingleItem();
        row.Lsn.ShouldBe(appended[2].Lsn);
        row.Source.ShouldBe("c");
        (await store.ReadOptOutsAsync("user:2", Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AppendAsync_KeyCreateThenRevoke_StoresKeyAndFirstRevocationTime()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync([CreateKey("k1", "admin", "seed"), CreateKey("k2", "enforcer", "gate", secondsLater: 1)], Ct);

        await store.AppendAsync([RevokeKey("k2", secondsLater: 10)], Ct);
        await store.AppendAsync([RevokeKey("k2", secondsLater: 20)], Ct);

        IReadOnlyList<KeyRow> keys = await store.ReadKeysAsync(Ct);
        keys.ShouldBe(
            [
                new KeyRow("k1", "admin", "seed", "hash-of-k1", Stored(Start), null),
                new KeyRow("k2", "enforcer", "gate", "hash-of-k2", Stored(Start.AddSeconds(1)), Stored(Start.AddSeconds(10))),
            ]);
    }

    [Fact]
    public async Task AppendAsync_KeyEntries_AreNotPartOfAnySubjectHistory()
    {
        ILedgerStore store = await CreateAsync();

        await store.AppendAsync([CreateKey("k1"), Set("user:1", "marketing")], Ct);

        (await store.ReadHistoryAsync("user:1", Ct)).ShouldHaveSingleItem().Kind.ShouldBe(EntryKinds.OptOutSet);
        (await CountAllOptOutsAsync(store)).ShouldBe(1);
    }

    [Fact]
    public async Task AppendAsync_KindWithoutState_IsAppendedAndChangesNoState()
    {
        ILedgerStore store = await CreateAsync();

        IReadOnlyList<LedgerEntry> appended = await store.AppendAsync([new NewEntry("purpose.define", null, null, Start, """{"name":"marketing.fax"}""")], Ct);

        appended.ShouldHaveSingleItem().Lsn.ShouldBe(1);
        (await CountAllOptOutsAsync(store)).ShouldBe(0);
        (await store.ReadKeysAsync(Ct)).ShouldBeEmpty();
    }

    public static TheoryData<string> FailingEntries => new()
    {
        "key.create without id",
        "key.create with a duplicate id",
        "key.revoke of an unknown key",
        "optout.set with a malformed body",
        "optout.set without a subject",
        "an entry whose body holds a lone surrogate",
    };

    [Theory]
    [MemberData(nameof(FailingEntries))]
    public async Task AppendAsync_BatchWithFailingEntry_ChangesNothingAndTheNextAppendWorks(string failure)
    {
        ILedgerStore store = await CreateAsync();
        IReadOnlyList<LedgerEntry> before = await store.AppendAsync([Set("user:1", "marketing", "ui"), CreateKey("k1")], Ct);
        NewEntry bad = failure switch
        {
            "key.create without id" => new NewEntry(EntryKinds.KeyCreate, null, null, Start, """{"name":"x","role":"admin","secretHash":"h"}"""),
            "key.create with a duplicate id" => CreateKey("k1", "admin"),
            "key.revoke of an unknown key" => RevokeKey("nope"),
            "optout.set with a malformed body" => new NewEntry(EntryKinds.OptOutSet, "user:2", "marketing", Start, """{"source":"""),
            "optout.set without a subject" => new NewEntry(EntryKinds.OptOutSet, null, "marketing", Start, "{}"),
            _ => new NewEntry("purpose.define", null, null, Start, "{\"name\":\"\ud800\"}"),
        };

        // The bad entry comes after good ones that touch the ledger, opt-outs and keys, so a store that
        // applies entry by entry must roll all of them back.
        await Should.ThrowAsync<Exception>(() => store.AppendAsync([Set("user:2", "marketing"), Clear("user:1", "all"), CreateKey("k9"), RevokeKey("k1"), bad], Ct));

        (await store.GetHeadAsync(Ct)).ShouldBe(2);
        (await store.ReadAfterAsync(0, 100, Ct)).Count.ShouldBe(2);
        (await PurposesOfAsync(store, "user:1")).ShouldBe(["marketing"]);
        (await store.ReadOptOutsAsync("user:2", Ct)).ShouldBeEmpty();
        (await store.ReadKeysAsync(Ct)).ShouldHaveSingleItem().Revoked.ShouldBeNull();
        IReadOnlyList<LedgerEntry> next = await store.AppendAsync([Set("user:3", "analytics")], Ct);
        next[0].Lsn.ShouldBe(3);
        next[0].PrevHash.ShouldBe(before[^1].Hash);
        (await LedgerChainVerifier.VerifyAsync(store, cancellationToken: Ct)).ShouldBeNull();
    }

    private static async Task<string[]> PurposesOfAsync(ILedgerStore store, string subject) =>
        [.. (await store.ReadOptOutsAsync(subject, Ct)).Select(r => r.Purpose).Order(StringComparer.Ordinal)];
}
