using System.Text.Json;
using Heed.Core.Schemas;
using RabbitMQ.Client;

namespace Heed.Relay.Messages;

/// <summary>
/// Reads a CloudEvent from a RabbitMQ message with the AMQP protocol binding: structured mode when the
/// content type is <c>application/cloudevents+json</c> (the body is the event in the JSON format), else binary
/// mode, every attribute an application property (header) named <c>cloudEvents:&lt;attribute&gt;</c> and the
/// body the data. AMQP 0-9-1 clients that cannot use ':' in header names write <c>cloudEvents_&lt;attribute&gt;</c>;
/// both spellings are read, and <c>schemaversion</c> under both counts as given twice.
/// </summary>
public static class AmqpCloudEvents
{
    private static readonly string[] SpecVersion = Names("specversion");
    private static readonly string[] Id = Names("id");
    private static readonly string[] Source = Names("source");
    private static readonly string[] Type = Names("type");
    private static readonly string[] Subject = Names("subject");
    private static readonly string[] DataSchema = Names("dataschema");
    private static readonly string[] SchemaVersion = Names(SchemaVersionAttribute.Name);

    /// <summary>Both header spellings of <paramref name="attribute"/>.</summary>
    public static string[] Names(string attribute) => ["cloudEvents:" + attribute, "cloudEvents_" + attribute];

    /// <summary>The event's attributes and its data; false, with why, when the message is not a CloudEvent 1.0.</summary>
    public static bool TryRead(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, out CloudEventAttributes attributes, out ReadOnlyMemory<byte> data, out string? error)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (CloudEventJson.IsMediaType(properties.ContentType, CloudEventJson.MediaType))
        {
            using JsonDocument? document = CloudEventJson.TryParse(body);
            if (document is not null)
            {
                return CloudEventJson.TryRead(document.RootElement, out attributes, out data, out error);
            }

            (attributes, data, error) = (default, default, "the body of a structured-mode event is not JSON");
            return false;
        }

        if (CloudEventJson.IsCloudEventsFamily(properties.ContentType))
        {
            // Another CloudEvents format is structured to a consumer: never judged by binary-mode properties.
            (attributes, data, error) = (default, default, $"content type '{properties.ContentType}' is a CloudEvents format this relay does not read");
            return false;
        }

        IDictionary<string, object?>? headers = properties.Headers;
        string? version = HeaderValues.FindAny(headers, SchemaVersion);
        int versionCount = SchemaVersion.Count(name => HeaderValues.Find(headers, name) is not null);
        string? id = HeaderValues.FindAny(headers, Id);
        string? source = HeaderValues.FindAny(headers, Source);
        string? type = HeaderValues.FindAny(headers, Type);
        attributes = new CloudEventAttributes(type, source, id, HeaderValues.FindAny(headers, Subject), HeaderValues.FindAny(headers, DataSchema), version, versionCount);
        data = body;
        error = HeaderValues.FindAny(headers, SpecVersion) != "1.0" ? "cloudEvents:specversion must be 1.0"
            : string.IsNullOrEmpty(id) || string.IsNullOrEmpty(source) || string.IsNullOrEmpty(type) ? "a binary-mode event needs cloudEvents:id, cloudEvents:source and cloudEvents:type"
            : null;
        return error is null;
    }
}
