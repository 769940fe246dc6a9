using System.Text;
using System.Text.Json;
using Heed.Core.Schemas;
using Heed.Core.Subjects;

namespace Heed.Core.Tests.Schemas;

/// <summary>The one resolution the gate and the relay share: version convention, catalog, subject location.</summary>
public sealed class EventSchemasTests
{
    private const string Type = "com.example.order.placed";

    private static readonly SchemaCatalog Catalog = new(
        [
            new EventSchema(Type, 1, null, ["analytics.reporting"], SchemaStatus.Retired),
            new EventSchema(Type, 2, null, ["analytics.reporting"], SchemaStatus.Deprecated),
            new EventSchema(Type, 3, "/customer/id", ["analytics.reporting", "personalize.content"], SchemaStatus.Active, "https://example.com/order/3"),
        ],
        new Dictionary<string, int> { [Type] = 2 });

    [Theory]
    [InlineData("com.example.other", "1", 1, SchemaRejection.UnknownType)]
    [InlineData(Type, "9", 1, SchemaRejection.UnknownVersion)]
    [InlineData(Type, "1", 1, SchemaRejection.Retired)]
    [InlineData(Type, null, 0, SchemaRejection.Ambiguous)]
    [InlineData(Type, "2.0", 1, SchemaRejection.Ambiguous)]
    [InlineData(Type, "2", 2, SchemaRejection.Ambiguous)]
    [InlineData(Type, "2", 1, SchemaRejection.None)]
    public void Resolve_EachCase_GivesItsRejection(string type, string? version, int count, SchemaRejection expected)
    {
        var attributes = new CloudEventAttributes(type, "/shop", "1", "user:1", null, version, count);

        EventResolution resolution = EventSchemas.Resolve(Catalog, attributes);

        resolution.Rejection.ShouldBe(expected);
        resolution.Version.ShouldBe(version ?? "");
    }

    [Fact]
    public void Resolve_BelowMinimum_Refused()
    {
        var catalog = new SchemaCatalog([new EventSchema(Type, 1, null, ["analytics"], SchemaStatus.Active)], new Dictionary<string, int> { [Type] = 2 });

        EventSchemas.Resolve(catalog, new CloudEventAttributes(Type, "/s", "1", null, null, "1", 1)).Rejection.ShouldBe(SchemaRejection.BelowMinimum);
    }

    [Theory]
    [InlineData("https://example.com/order/3", SchemaRejection.None)]
    [InlineData(null, SchemaRejection.None)]
    [InlineData("https://example.com/order/2", SchemaRejection.Ambiguous)]
    public void Resolve_DataSchema_MustMatchTheRegisteredOne(string? dataSchema, SchemaRejection expected) =>
        EventSchemas.Resolve(Catalog, new CloudEventAttributes(Type, "/s", "1", null, dataSchema, "3", 1)).Rejection.ShouldBe(expected);

    [Fact]
    public void Subject_PointerIntoData_ReadWithTheSubjectRules()
    {
        EventSchema schema = Catalog.Resolve(Type, 3).Schema!;

        RawSubject found = EventSchemas.Subject(schema, "user:ignored", Encoding.UTF8.GetBytes("""{"customer":{"id":"user:42"}}"""));
        RawSubject doubled = EventSchemas.Subject(schema, null, Encoding.UTF8.GetBytes("""{"customer":{"id":"user:42","ID":"user:7"}}"""));

        found.Value.ShouldBe("user:42");
        doubled.IsRefused.ShouldBeTrue();
    }

    [Fact]
    public void TryRead_SchemaVersionTwice_CountedTwiceNotLost()
    {
        using JsonDocument document = CloudEventJson.TryParse(Encoding.UTF8.GetBytes(
            """{"specversion":"1.0","id":"1","source":"/s","type":"t","schemaversion":"1","schemaversion":"2","data":{"a":1}}"""))!;

        CloudEventJson.TryRead(document.RootElement, out CloudEventAttributes attributes, out ReadOnlyMemory<byte> data, out string? error).ShouldBeTrue(error);

        attributes.SchemaVersionCount.ShouldBe(2);
        Encoding.UTF8.GetString(data.Span).ShouldBe("""{"a":1}""");
    }

    [Theory]
    [InlineData("""{"specversion":"0.3","id":"1","source":"/s","type":"t"}""")]
    [InlineData("""{"specversion":"1.0","source":"/s","type":"t"}""")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"/s","type":"t","type":"u"}""")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"/s","type":"t","data":1,"data_base64":"AA=="}""")]
    [InlineData("""[1]""")]
    public void TryRead_NotACloudEvent_False(string json)
    {
        using JsonDocument document = CloudEventJson.TryParse(Encoding.UTF8.GetBytes(json))!;

        CloudEventJson.TryRead(document.RootElement, out _, out _, out string? error).ShouldBeFalse();
        error.ShouldNotBeNullOrEmpty();
    }
}
