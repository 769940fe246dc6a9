using Heed.Core.Schemas;
using Heed.Protocol;
using Heed.Protocol.V1;
using CoreSchema = Heed.Core.Schemas.EventSchema;
using WireSchema = Heed.Protocol.V1.EventSchema;

namespace Heed.Client.Tests.Replication;

public sealed class SchemaSetsTests
{
    [Fact]
    public void ToCatalog_OfToMessage_GivesTheSameCatalog()
    {
        var catalog = new SchemaCatalog(
            [
                new CoreSchema("a.b/c", 1, "/user/id", ["marketing"], SchemaStatus.Retired),
                new CoreSchema("a.b/c", 2, "/user/id", ["analytics", "marketing"], SchemaStatus.Deprecated, "https://example.com/2"),
                new CoreSchema("x", 1, null, ["marketing"], SchemaStatus.Active),
            ],
            new Dictionary<string, int> { ["a.b/c"] = 2 });

        SchemaCatalog back = SchemaSets.ToCatalog(SchemaSets.ToMessage(catalog));

        back.Versions.Select(v => (v.Type, v.Version, v.SubjectPointer, string.Join(",", v.Purposes), v.Status, v.DataSchema))
            .ShouldBe(catalog.Versions.Select(v => (v.Type, v.Version, v.SubjectPointer, string.Join(",", v.Purposes), v.Status, v.DataSchema)));
        back.MinimumVersion("a.b/c").ShouldBe(2);
        back.MinimumVersion("x").ShouldBe(0);
    }

    [Fact]
    public void ToCatalog_MissingSet_IsEmpty()
    {
        SchemaSets.ToCatalog(null).Resolve("x", 1).Rejection.ShouldBe(SchemaRejection.UnknownType);
    }

    [Fact]
    public void ToCatalog_UnknownStatusWord_FailsClosedAsRetired()
    {
        var type = new EventType { Type = "x" };
        type.Versions.Add(new WireSchema { Version = 1, Status = "sunset", Purposes = { "marketing" } });
        var set = new SchemaSet();
        set.Types_.Add(type);

        SchemaSets.ToCatalog(set).Resolve("x", 1).Rejection.ShouldBe(SchemaRejection.Retired);
    }
}
