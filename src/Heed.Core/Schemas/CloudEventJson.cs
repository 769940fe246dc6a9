using System.Text;
using System.Text.Json;

namespace Heed.Core.Schemas;

/// <summary>
/// Reads events in the CloudEvents JSON format (<c>application/cloudevents+json</c> and each member of an
/// <c>application/cloudevents-batch+json</c> array), for the gate and the relay alike. A document may repeat a
/// member name here so that a repeated <c>schemaversion</c> is seen as given twice (ambiguous) rather than
/// lost to the parser; any other repeated attribute makes the event malformed.
/// </summary>
public static class CloudEventJson
{
    /// <summary>The media type of one event in the JSON format.</summary>
    public const string MediaType = "application/cloudevents+json";

    /// <summary>The media type of a batch of events in the JSON format.</summary>
    public const string BatchMediaType = "application/cloudevents-batch+json";

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Whether <paramref name="contentType"/> names a CloudEvents format (<c>application/cloudevents…</c>):
    /// the HTTP and AMQP bindings read such a message as structured, so one that is neither of the two supported
    /// here must be refused, never judged by its binary-mode attributes while its body holds another event.</summary>
    public static bool IsCloudEventsFamily(string? contentType) =>
        contentType is not null && contentType.AsSpan().TrimStart().StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="contentType"/> is <paramref name="mediaType"/>, whatever its parameters
    /// (<c>; charset=utf-8</c>) and case.</summary>
    public static bool IsMediaType(string? contentType, string mediaType)
    {
        ReadOnlySpan<char> media = contentType;
        int semicolon = media.IndexOf(';');
        return (semicolon >= 0 ? media[..semicolon] : media).Trim().Equals(mediaType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses <paramref name="utf8"/>; null when it is not JSON.</summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads one event. False, with why, when <paramref name="element"/> is not a CloudEvent 1.0
    /// (not an object, no <c>specversion</c> 1.0, <c>id</c>, <c>source</c> or <c>type</c>, an attribute given twice
    /// other than <c>schemaversion</c>, both <c>data</c> and <c>data_base64</c>).</summary>
    /// <param name="element">The event.</param>
    /// <param name="attributes">Its attributes.</param>
    /// <param name="data">Its data as UTF-8 JSON (<c>data</c>), or the decoded <c>data_base64</c>; empty when absent.</param>
    /// <param name="error">Why it is not an event.</param>
    public static bool TryRead(JsonElement element, out CloudEventAttributes attributes, out ReadOnlyMemory<byte> data, out string? error)
    {
        attributes = default;
        data = default;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = "an event in the JSON format is an object";
            return false;
        }

        string? specVersion = null, id = null, source = null, type = null, subject = null, dataSchema = null, version = null;
        int versionCount = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (property.NameEquals(SchemaVersionAttribute.Name))
            {
                versionCount++;
                version = property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? Text(property.Value) : null;
                continue;
            }

            if (!seen.Add(property.Name))
            {
                error = $"the event gives '{property.Name}' more than once";
                return false;
            }

            switch (property.Name)
            {
                case "specversion": specVersion = String(property.Value); break;
                case "id": id = String(property.Value); break;
                case "source": source = String(property.Value); break;
                case "type": type = String(property.Value); break;
                case "subject": subject = String(property.Value); break;
                case "dataschema": dataSchema = String(property.Value); break;
                case "data": data = Encoding.UTF8.GetBytes(property.Value.GetRawText()); break;
                case "data_base64":
                    if (property.Value.ValueKind != JsonValueKind.String || !TryBase64(property.Value.GetString()!, out byte[] decoded))
                    {
                        error = "data_base64 is not base64 text";
                        return false;
                    }

                    data = decoded;
                    break;
            }
        }

        error = specVersion != "1.0" ? "specversion must be \"1.0\""
            : string.IsNullOrEmpty(id) || string.IsNullOrEmpty(source) || string.IsNullOrEmpty(type) ? "an event needs id, source and type strings"
            : seen.Contains("data") && seen.Contains("data_base64") ? "an event has data or data_base64, not both"
            : null;
        attributes = new CloudEventAttributes(type, source, id, subject, dataSchema, version, versionCount);
        return error is null;
    }

    private static string? String(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // A number (the JSON format's form of an Integer attribute) as written: 1.0 stays "1.0", which is not a version.
    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length * 3 / 4 + 3];
        if (Convert.TryFromBase64String(text, bytes, out int written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}
