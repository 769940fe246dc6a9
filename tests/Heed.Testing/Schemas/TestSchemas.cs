using CloudNative.CloudEvents;
using Heed.Core.Schemas;

namespace Heed.Testing.Schemas;

/// <summary>
/// The schema catalog of the gate and relay tests, with one version per way an event can resolve, and
/// CloudEvents built with the CloudEvents SDK. Type <see cref="Order"/>: v1 is below the minimum (2), v2 is
/// retired, v3 takes its subject from the <c>subject</c> attribute, v4 from <c>/customer/id</c> in the data and
/// declares a dataschema; both check <see cref="Purposes"/>.
/// </summary>
public static class TestSchemas
{
    public const string Order = "com.example.order.placed";
    public const string Unknown = "com.example.unknown";
    public const string DataSchema = "https://schemas.example.com/order/4";

    public static readonly string[] Purposes = ["analytics.reporting", "personalize.content"];

    /// <summary>Integer-typed, as the attribute is: the JSON format writes a number, binary mode a decimal string.</summary>
    public static readonly CloudEventAttribute SchemaVersion = CloudEventAttribute.CreateExtension(SchemaVersionAttribute.Name, CloudEventAttributeType.Integer);

    public static readonly CloudEventAttribute SchemaVersionText = CloudEventAttribute.CreateExtension(SchemaVersionAttribute.Name, CloudEventAttributeType.String);

    public static SchemaCatalog Catalog(SchemaStatus v3 = SchemaStatus.Active) => new(
        [
            new EventSchema(Order, 1, null, Purposes, SchemaStatus.Active),
            new EventSchema(Order, 2, null, Purposes, SchemaStatus.Retired),
            new EventSchema(Order, 3, null, Purposes, v3),
            new EventSchema(Order, 4, "/customer/id", Purposes, SchemaStatus.Active, DataSchema),
        ],
        new Dictionary<string, int> { [Order] = 2 });

    /// <summary>An event of <paramref name="type"/>; <paramref name="version"/> is an int, a string (written as
    /// given) or null (no attribute). The subject is both the attribute (none when empty) and <c>/customer/id</c> of the data.</summary>
    public static CloudEvent Event(string type, object? version, string subject, string source, string? dataSchema = null)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = Guid.NewGuid().ToString("N"),
            Source = new Uri(source, UriKind.RelativeOrAbsolute),
            Type = type,
            Subject = subject.Length == 0 ? null : subject,
            DataContentType = "application/json",
            Data = new Dictionary<string, object> { ["customer"] = new Dictionary<string, string> { ["id"] = subject } },
        };
        if (dataSchema is not null)
        {
            cloudEvent.DataSchema = new Uri(dataSchema);
        }

        switch (version)
        {
            case int number:
                cloudEvent[SchemaVersion] = number;
                break;
            case string text:
                cloudEvent[SchemaVersionText] = text;
                break;
        }

        return cloudEvent;
    }
}
