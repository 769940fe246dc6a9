using Heed.Storage.Ledger;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Conformance;

/// <summary>Purposes added and deprecated at runtime follow their ledger entries in the same transaction, and the
/// store refuses an entry that would make the taxonomy ambiguous (docs/schemas.md, "Purposes").</summary>
public abstract partial class LedgerStoreConformanceTests
{
    [Fact]
    public async Task AppendAsync_PurposeAddThenDeprecate_StoresRowsInLedgerOrder()
    {
        ILedgerStore store = await CreateAsync();

        IReadOnlyList<LedgerEntry> entries = await store.AppendAsync(
            [AddPurpose("research.surveys"), DeprecatePurpose("analytics.reporting", "research.surveys", secondsLater: 3)], Ct);

        (await store.ReadPurposesAsync(Ct)).ShouldBe([
            new PurposeRow("research.surveys", entries[0].Lsn, Stored(Start), "k1", null, null, null, null),
            new PurposeRow("analytics.reporting", null, null, null, entries[1].Lsn, Stored(Start.AddSeconds(3)), "k1", null) with { Successor = "research.surveys" },
        ]);
    }

    [Fact]
    public async Task AppendAsync_DeprecateAnAddedPurpose_KeepsItsAddLsn()
    {
        ILedgerStore store = await CreateAsync();
        LedgerEntry add = (await store.AppendAsync([AddPurpose("research.surveys")], Ct))[0];

        LedgerEntry deprecate = (await store.AppendAsync([DeprecatePurpose("research.surveys")], Ct))[0];

        PurposeRow row = (await store.ReadPurposesAsync(Ct)).ShouldHaveSingleItem();
        (row.AddLsn, row.DeprecateLsn, row.Successor).ShouldBe((add.Lsn, deprecate.Lsn, (string?)null));
    }

    public static TheoryData<string> RefusedPurposeEntries => new()
    {
        "an invalid name",
        "the root",
        "a built-in leaf",
        "a built-in parent",
        "an added purpose",
        "the parent of an added purpose",
        "a deprecation of an unknown purpose",
        "a deprecation of an essential purpose",
        "a deprecation of the root",
        "a second deprecation",
        "an unknown successor",
        "an essential successor",
        "a deprecated successor",
        "a purpose column that is not the name",
    };

    [Theory]
    [MemberData(nameof(RefusedPurposeEntries))]
    public async Task AppendAsync_PurposeEntryBreakingARule_IsRefusedAndChangesNothing(string failure)
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync([AddPurpose("research.surveys.online"), DeprecatePurpose("train_ai_system")], Ct);
        NewEntry bad = failure switch
        {
            "an invalid name" => AddPurpose("Research"),
            "the root" => AddPurpose("all"),
            "a built-in leaf" => AddPurpose("analytics.reporting"),
            "a built-in parent" => AddPurpose("marketing"),
            "an added purpose" => AddPurpose("research.surveys.online"),
            "the parent of an added purpose" => AddPurpose("research.surveys"),
            "a deprecation of an unknown purpose" => DeprecatePurpose("research.panels"),
            "a deprecation of an essential purpose" => DeprecatePurpose("essential.security"),
            "a deprecation of the root" => DeprecatePurpose("all"),
            "a second deprecation" => DeprecatePurpose("train_ai_system"),
            "an unknown successor" => DeprecatePurpose("analytics.reporting", "research.panels"),
            "an essential successor" => DeprecatePurpose("analytics.reporting", "essential.service"),
            "a deprecated successor" => DeprecatePurpose("analytics.reporting", "train_ai_system"),
            _ => new NewEntry(EntryKinds.PurposeAdd, null, "other", Start, """{"name":"research.panels"}"""),
        };

        // A good purpose entry comes first, so a store that applies entry by entry must roll it back.
        await Should.ThrowAsync<LedgerEntryException>(() => store.AppendAsync([AddPurpose("research.diaries"), bad], Ct));

        (await store.GetHeadAsync(Ct)).ShouldBe(2);
        (await store.ReadPurposesAsync(Ct)).Select(r => r.Name).ShouldBe(["research.surveys.online", "train_ai_system"]);
    }

    [Fact]
    public async Task ReopenStoreAsync_Purposes_AreKept()
    {
        ILedgerStore store = await CreateAsync("purposes");
        await store.AppendAsync([AddPurpose("research.surveys"), DeprecatePurpose("research.surveys")], Ct);

        ILedgerStore reopened = await ReopenAsync(store, "purposes");

        (await reopened.ReadPurposesAsync(Ct)).ShouldHaveSingleItem().DeprecateLsn.ShouldBe(2);
    }
}
