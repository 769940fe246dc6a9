using Heed.Core.Schemas;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Heed.Gate.CloudEvents;

/// <summary>Reads CloudEvents from HTTP requests (HTTP protocol binding 1.0): the mode from the content type
/// and headers, and a binary-mode event's attributes from its <c>ce-</c> headers.</summary>
public static class HttpCloudEvents
{
    /// <summary>The response header of a batch forwarded without some of its events: <c>index=reason</c>, comma separated.</summary>
    public const string RefusedHeader = "Heed-Refused-Events";

    private const string SpecVersionHeader = "ce-specversion";
    private const string SchemaVersionHeader = "ce-" + SchemaVersionAttribute.Name;

    public static CloudEventMode ModeOf(HttpRequest request)
    {
        string? contentType = request.ContentType;
        if (CloudEventJson.IsMediaType(contentType, CloudEventJson.MediaType))
        {
            return CloudEventMode.Structured;
        }

        if (CloudEventJson.IsMediaType(contentType, CloudEventJson.BatchMediaType))
        {
            return CloudEventMode.Batch;
        }

        // Another CloudEvents format (application/cloudevents+xml, …) is structured to the upstream: never binary here.
        return !CloudEventJson.IsCloudEventsFamily(contentType) && request.Headers.ContainsKey(SpecVersionHeader)
            ? CloudEventMode.Binary
            : CloudEventMode.None;
    }

    /// <summary>A binary-mode event's attributes; false, with why, when a required one is missing or repeated.</summary>
    public static bool TryReadBinary(IHeaderDictionary headers, out CloudEventAttributes attributes, out string? error)
    {
        string? specVersion = Single(headers, SpecVersionHeader);
        string? id = Single(headers, "ce-id");
        string? source = Single(headers, "ce-source");
        string? type = Single(headers, "ce-type");
        StringValues version = headers[SchemaVersionHeader];
        StringValues subject = headers["ce-subject"];

        // Two field lines and one line "3, 3" are the same list in HTTP (RFC 9110 §5.3): given twice either way.
        int versionCount = 0;
        foreach (string? line in version)
        {
            versionCount += line is null ? 0 : line.AsSpan().Count(',') + 1;
        }

        attributes = new CloudEventAttributes(
            type,
            source,
            id,
            // Several ce-subject lines join with ',' and are then refused as a list, never one of them picked.
            subject.Count == 0 ? null : Decode(subject.ToString()),
            Single(headers, "ce-dataschema") is { } dataSchema ? Decode(dataSchema) : null,
            versionCount == 1 ? Decode(version[0]) : null,
            versionCount);
        error = specVersion != "1.0" ? "ce-specversion must be 1.0, given once"
            : string.IsNullOrEmpty(id) || string.IsNullOrEmpty(source) || string.IsNullOrEmpty(type) ? "a binary-mode event needs ce-id, ce-source and ce-type, each given once"
            : null;
        return error is null;
    }

    private static string? Single(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out StringValues values) && values.Count == 1 ? values[0] : null;

    // The binding percent-encodes space, '"', '%' and non-ASCII characters in header values (§3.1.3.2).
    private static string? Decode(string? value) =>
        value is not null && value.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(value) : value;
}
