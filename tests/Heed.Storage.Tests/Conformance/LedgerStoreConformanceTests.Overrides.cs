using Heed.Storage.Ledger;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Conformance;

/// <summary>Overrides and settings follow their ledger entries in the same transaction, and the store refuses
/// an entry that would put a lie in the ledger (docs/overrides.md).</summary>
public abstract partial class LedgerStoreConformanceTests
{
    [Fact]
    public async Task AppendAsync_OverrideRequest_StoresRowWithTheEntrysLsnHashAndBody()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync([CreateKey("k1", "admin")], Ct);

        LedgerEntry request = (await store.AppendAsync([RequestOverride("ovr_1", ttlSeconds: 1800)], Ct))[0];

        OverrideRow row = (await store.ReadOverridesAsync(Ct)).ShouldHaveSingleItem();
        row.Id.ShouldBe("ovr_1");
        row.RequestLsn.ShouldBe(request.Lsn);
        row.RequestHash.ShouldBe(request.Hash);
        row.RequestBody.ShouldBe(request.Body);
        row.Requested.ShouldBe(Stored(Start));
        row.Service.ShouldBe("checkout");
        row.EnforcementPoint.ShouldBeNull();
        row.TtlSeconds.ShouldBe(1800);
        row.ApproveLsn.ShouldBeNull();
        row.EndsAt.ShouldBeNull();
        row.RevokeLsn.ShouldBeNull();
    }

    [Fact]
    public async Task AppendAsync_ApprovalNamingTheRequest_ApprovesItWithItsEnd()
    {
        ILedgerStore store = await CreateAsync();
        LedgerEntry request = (await store.AppendAsync([RequestOverride("ovr_1")], Ct))[0];
        DateTimeOffset endsAt = Stored(Start.AddSeconds(60 + 3600));

        LedgerEntry approve = (await store.AppendAsync([ApproveOverride("ovr_1", request.Lsn, request.Hash, endsAt, secondsLater: 60)], Ct))[0];

        OverrideRow row = (await store.ReadOverridesAsync(Ct)).ShouldHaveSingleItem();
        row.ApproveLsn.ShouldBe(approve.Lsn);
        row.ApprovedBy.ShouldBe("k2");
        row.Approved.ShouldBe(Stored(Start.AddSeconds(60)));
        row.EndsAt.ShouldBe(endsAt);
    }

    [Fact]
    public async Task AppendAsync_ApprovalWithAnotherRequestHash_IsRefused()
    {
        // An approval covers exactly the request: a hash of any other entry (here the other request) does not.
        ILedgerStore store = await CreateAsync();
        IReadOnlyList<LedgerEntry> requests = await store.AppendAsync([RequestOverride("ovr_1"), RequestOverride("ovr_2")], Ct);

        LedgerEntryException refused = await Should.ThrowAsync<LedgerEntryException>(() =>
            store.AppendAsync([ApproveOverride("ovr_1", requests[0].Lsn, requests[1].Hash, Start.AddHours(1))], Ct));

        refused.Reason.ShouldContain("ovr_1");
        (await store.ReadOverridesAsync(Ct)).ShouldAllBe(r => r.ApproveLsn == null);
        (await store.GetHeadAsync(Ct)).ShouldBe(2);
    }

    public static TheoryData<string> RefusedOverrideEntries => new()
    {
        "a second request with the same id",
        "an approval of an unknown override",
        "an approval of an approved override",
        "an approval of a revoked override",
        "an approval naming another request LSN",
        "an approval ending after the requested TTL",
        "an approval whose hash is not hex",
        "a revocation of an unknown override",
        "a second revocation",
        "a request without a TTL",
        "a setting without a name",
    };

    [Theory]
    [MemberData(nameof(RefusedOverrideEntries))]
    public async Task AppendAsync_OverrideEntryBreakingARule_IsRefusedAndChangesNothing(string failure)
    {
        ILedgerStore store = await CreateAsync();
        IReadOnlyList<LedgerEntry> setup = await store.AppendAsync([RequestOverride("ovr_a"), RequestOverride("ovr_b"), RequestOverride("ovr_c")], Ct);
        await store.AppendAsync([ApproveOverride("ovr_b", setup[1].Lsn, setup[1].Hash, Start.AddHours(1)), RevokeOverride("ovr_c")], Ct);
        NewEntry bad = failure switch
        {
            "a second request with the same id" => RequestOverride("ovr_a", ttlSeconds: 60),
            "an approval of an unknown override" => ApproveOverride("ovr_x", setup[0].Lsn, setup[0].Hash, Start.AddHours(1)),
            "an approval of an approved override" => ApproveOverride("ovr_b", setup[1].Lsn, setup[1].Hash, Start.AddHours(1)),
            "an approval of a revoked override" => ApproveOverride("ovr_c", setup[2].Lsn, setup[2].Hash, Start.AddHours(1)),
            "an approval naming another request LSN" => ApproveOverride("ovr_a", setup[1].Lsn, setup[0].Hash, Start.AddHours(1)),
            "an approval ending after the requested TTL" => ApproveOverride("ovr_a", setup[0].Lsn, setup[0].Hash, Start.AddSeconds(3601)),
            "an approval whose hash is not hex" => new NewEntry(EntryKinds.OverrideApprove, null, null, Start, $$"""{"endsAt":"2026-11-27T13:00:00Z","id":"ovr_a","requestHash":"zz","requestLsn":{{setup[0].Lsn}}}"""),
            "a revocation of an unknown override" => RevokeOverride("ovr_x"),
            "a second revocation" => RevokeOverride("ovr_c"),
            "a request without a TTL" => new NewEntry(EntryKinds.OverrideRequest, null, null, Start, """{"id":"ovr_d","reason":"r"}"""),
            _ => new NewEntry(EntryKinds.SettingSet, null, null, Start, """{"value":"true"}"""),
        };
        IReadOnlyList<OverrideRow> before = await store.ReadOverridesAsync(Ct);

        // Good entries of every table come first, so a store that applies entry by entry must roll them back.
        await Should.ThrowAsync<LedgerEntryException>(() => store.AppendAsync([SetSetting("overrides.singleApprover", "true"), RevokeOverride("ovr_a"), RequestOverride("ovr_e"), bad], Ct));

        (await store.GetHeadAsync(Ct)).ShouldBe(5);
        (await store.ReadSettingsAsync(Ct)).ShouldBeEmpty();
        IReadOnlyList<OverrideRow> after = await store.ReadOverridesAsync(Ct);
        after.Select(r => (r.Id, r.ApproveLsn, r.RevokeLsn)).ShouldBe(before.Select(r => (r.Id, r.ApproveLsn, r.RevokeLsn)));
        (await store.AppendAsync([RevokeOverride("ovr_a")], Ct))[0].Lsn.ShouldBe(6);
    }

    [Fact]
    public async Task AppendAsync_Revocation_RecordsItsLsnAndWho()
    {
        ILedgerStore store = await CreateAsync();
        LedgerEntry request = (await store.AppendAsync([RequestOverride("ovr_1")], Ct))[0];
        await store.AppendAsync([ApproveOverride("ovr_1", request.Lsn, request.Hash, Start.AddHours(1))], Ct);

        LedgerEntry revoke = (await store.AppendAsync([RevokeOverride("ovr_1", secondsLater: 5)], Ct))[0];

        OverrideRow row = (await store.ReadOverridesAsync(Ct)).ShouldHaveSingleItem();
        row.RevokeLsn.ShouldBe(revoke.Lsn);
        row.RevokedBy.ShouldBe("k2");
        row.Revoked.ShouldBe(Stored(Start.AddSeconds(5)));
        row.ApproveLsn.ShouldNotBeNull();
    }

    [Fact]
    public async Task AppendAsync_SettingSetTwice_KeepsTheLatestValueAndLsn()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync([SetSetting("overrides.singleApprover", "true")], Ct);

        LedgerEntry second = (await store.AppendAsync([SetSetting("overrides.singleApprover", "false", secondsLater: 9)], Ct))[0];

        (await store.ReadSettingsAsync(Ct)).ShouldBe([new SettingRow("overrides.singleApprover", "false", second.Lsn, Stored(Start.AddSeconds(9)), "k1")]);
    }

    [Fact]
    public async Task ReopenStoreAsync_OverridesAndSettings_AreKept()
    {
        ILedgerStore store = await CreateAsync("kept");
        LedgerEntry request = (await store.AppendAsync([RequestOverride("ovr_1"), SetSetting("overrides.singleApprover", "true")], Ct))[0];
        await store.AppendAsync([ApproveOverride("ovr_1", request.Lsn, request.Hash, Start.AddHours(1))], Ct);

        ILedgerStore reopened = await ReopenAsync(store, "kept");

        (await reopened.ReadOverridesAsync(Ct)).ShouldHaveSingleItem().ApproveLsn.ShouldBe(3);
        (await reopened.ReadSettingsAsync(Ct)).ShouldHaveSingleItem().Value.ShouldBe("true");
    }
}
