using Heed.Core.Schemas;
using Heed.Storage.Ledger;
using static Heed.Storage.Tests.Conformance.SchemaEntries;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Conformance;

/// <summary>The schema registry follows its ledger entries in the same transaction, and the store refuses an
/// entry that breaks its rules (docs/schemas.md).</summary>
public abstract partial class LedgerStoreConformanceTests
{
    [Fact]
    public async Task AppendAsync_SchemaRegister_StoresTheVersionAsActive()
    {
        ILedgerStore store = await CreateAsync();

        LedgerEntry entry = (await store.AppendAsync([Register(1, purposes: "\"marketing\",\"analytics\"")], Ct))[0];

        SchemaRow row = (await store.ReadSchemasAsync(Ct)).ShouldHaveSingleItem();
        row.Schema.Type.ShouldBe(OrderPlaced);
        row.Schema.Version.ShouldBe(1);
        row.Schema.SubjectPointer.ShouldBe("/customer/id");
        row.Schema.Purposes.ShouldBe(["marketing", "analytics"]);
        row.Schema.Status.ShouldBe(SchemaStatus.Active);
        row.Schema.DataSchema.ShouldBeNull();
        row.Lsn.ShouldBe(entry.Lsn);
        row.Registered.ShouldBe(Stored(Start));
        row.RegisteredBy.ShouldBe("k1");
        row.StatusLsn.ShouldBeNull();
    }

    [Fact]
    public async Task AppendAsync_SchemaStatusAndMinimum_AreKeptWithTheirEntries()
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync([Register(1), Register(2, purposes: "\"marketing\",\"analytics\"")], Ct);

        IReadOnlyList<LedgerEntry> changes = await store.AppendAsync([Status(1, "deprecated", secondsLater: 1), Status(1, "retired", secondsLater: 2), Minimum(2, secondsLater: 3)], Ct);

        SchemaRow first = (await store.ReadSchemasAsync(Ct))[0];
        first.Schema.Status.ShouldBe(SchemaStatus.Retired);
        first.StatusLsn.ShouldBe(changes[1].Lsn);
        first.StatusChanged.ShouldBe(Stored(Start.AddSeconds(2)));
        first.StatusChangedBy.ShouldBe("k2");
        (await store.ReadSchemaMinimumsAsync(Ct)).ShouldBe([new SchemaMinimumRow(OrderPlaced, 2, changes[2].Lsn, Stored(Start.AddSeconds(3)), "k2")]);
    }

    public static TheoryData<string> RefusedSchemaEntries => new()
    {
        "a version registered again",
        "a version below the highest",
        "version 0",
        "a moved subject",
        "a dropped purpose",
        "a pointer that is not one",
        "a status of an unknown version",
        "a retired version deprecated",
        "a retired version retired again",
        "a status that is not one",
        "a minimum above the highest version",
        "a minimum lowered",
        "a minimum of an unknown type",
        "a registration without purposes",
    };

    [Theory]
    [MemberData(nameof(RefusedSchemaEntries))]
    public async Task AppendAsync_SchemaEntryBreakingARule_IsRefusedAndChangesNothing(string failure)
    {
        ILedgerStore store = await CreateAsync();
        await store.AppendAsync([Register(1), Register(2), Register(3), Status(1, "retired"), Minimum(2)], Ct);
        NewEntry bad = failure switch
        {
            "a version registered again" => Register(3),
            "a version below the highest" => Register(2),
            "version 0" => Register(0, type: "com.example.other"),
            "a moved subject" => Register(4, subjectAt: "/user/id"),
            "a dropped purpose" => Register(4, purposes: "\"analytics\""),
            "a pointer that is not one" => Register(1, subjectAt: "user", type: "com.example.other"),
            "a status of an unknown version" => Status(9, "retired"),
            "a retired version deprecated" => Status(1, "deprecated"),
            "a retired version retired again" => Status(1, "retired"),
            "a status that is not one" => Status(2, "active"),
            "a minimum above the highest version" => Minimum(4),
            "a minimum lowered" => Minimum(1),
            "a minimum of an unknown type" => Minimum(1, type: "com.example.other"),
            _ => new NewEntry(EntryKinds.SchemaRegister, null, null, Start, """{"type":"com.example.other","version":1}"""),
        };

        // Good schema entries come first, so a store that applies entry by entry must roll them back.
        await Should.ThrowAsync<LedgerEntryException>(() => store.AppendAsync([Register(1, type: "com.example.first"), Status(2, "deprecated"), bad], Ct));

        (await store.GetHeadAsync(Ct)).ShouldBe(5);
        IReadOnlyList<SchemaRow> rows = await store.ReadSchemasAsync(Ct);
        rows.Select(r => (r.Schema.Type, r.Schema.Version, r.Schema.Status)).ShouldBe([(OrderPlaced, 1, SchemaStatus.Retired), (OrderPlaced, 2, SchemaStatus.Active), (OrderPlaced, 3, SchemaStatus.Active)]);
        (await store.ReadSchemaMinimumsAsync(Ct)).ShouldHaveSingleItem().MinVersion.ShouldBe(2);
    }

    [Fact]
    public async Task ReopenStoreAsync_Schemas_AreKept()
    {
        ILedgerStore store = await CreateAsync("schemas");
        await store.AppendAsync([Register(1, subjectAt: null), Register(2, subjectAt: null), Status(1, "retired"), Minimum(2)], Ct);

        ILedgerStore reopened = await ReopenAsync(store, "schemas");

        (await reopened.ReadSchemasAsync(Ct)).Select(r => (r.Schema.Version, r.Schema.SubjectPointer, r.Schema.Status)).ShouldBe([(1, (string?)null, SchemaStatus.Retired), (2, null, SchemaStatus.Active)]);
        (await reopened.ReadSchemaMinimumsAsync(Ct)).ShouldHaveSingleItem().MinVersion.ShouldBe(2);
    }
}
