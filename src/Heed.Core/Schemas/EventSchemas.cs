using Heed.Core.Json;
using Heed.Core.Subjects;

namespace Heed.Core.Schemas;

/// <summary>
/// Resolves an event to its schema version and finds its subject where that version says, the same way at
/// the gate and at the relay (docs/schemas.md): the version is the <c>schemaversion</c> attribute, given once,
/// a decimal integer ≥ 1; a <c>dataschema</c> that differs from the version's registered one is ambiguous.
/// The purposes to check are the version's <see cref="EventSchema.Purposes"/>.
/// </summary>
public static class EventSchemas
{
    /// <summary>The version of <paramref name="catalog"/> <paramref name="attributes"/> may be processed under, or why none.</summary>
    public static EventResolution Resolve(SchemaCatalog catalog, in CloudEventAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        string versionText = attributes.SchemaVersion ?? "";
        if (string.IsNullOrEmpty(attributes.Type))
        {
            return new EventResolution(SchemaRejection.UnknownType, null, versionText);
        }

        if (attributes.SchemaVersionCount != 1 || !SchemaVersionAttribute.TryParse(attributes.SchemaVersion, out int version))
        {
            return new EventResolution(SchemaRejection.Ambiguous, null, versionText);
        }

        SchemaResolution resolution = catalog.Resolve(attributes.Type, version);
        if (resolution.Accepted && attributes.DataSchema is { } dataSchema
            && !string.Equals(dataSchema, resolution.Schema!.DataSchema, StringComparison.Ordinal))
        {
            return new EventResolution(SchemaRejection.Ambiguous, resolution.Schema, versionText);
        }

        return new EventResolution(resolution.Rejection, resolution.Schema, versionText);
    }

    /// <summary>Whether the subject of <paramref name="schema"/>'s events is in their data (so the data must be read).</summary>
    public static bool SubjectInData(EventSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return !schema.SubjectIsAttribute;
    }

    /// <summary>The event's subject where <paramref name="schema"/> says: the <c>subject</c> attribute, or the
    /// JSON pointer into <paramref name="data"/> (UTF-8 JSON), with the rules of <see cref="RawSubject"/>.</summary>
    public static RawSubject Subject(EventSchema schema, string? subjectAttribute, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.SubjectIsAttribute)
        {
            return RawSubject.FromText(subjectAttribute);
        }

        return JsonPointer.TryParse(schema.SubjectPointer, out JsonPointer pointer)
            ? RawSubject.FromJson(data, pointer)
            : RawSubject.Refused($"the subject pointer '{schema.SubjectPointer}' of {schema.Type} v{schema.Version} is not a JSON pointer");
    }

    /// <summary>The wire name of a rejection: <c>unknown_type</c>, <c>unknown_version</c>, <c>retired</c>,
    /// <c>below_minimum</c>, <c>ambiguous</c>.</summary>
    public static string ToWire(SchemaRejection rejection) => rejection switch
    {
        SchemaRejection.UnknownType => "unknown_type",
        SchemaRejection.UnknownVersion => "unknown_version",
        SchemaRejection.Retired => "retired",
        SchemaRejection.BelowMinimum => "below_minimum",
        SchemaRejection.Ambiguous => "ambiguous",
        _ => "accepted",
    };
}
