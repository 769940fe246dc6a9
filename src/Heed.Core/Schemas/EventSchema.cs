namespace Heed.Core.Schemas;

/// <summary>One registered version of a CloudEvents type (docs/schemas.md).</summary>
/// <param name="Type">The CloudEvents <c>type</c>.</param>
/// <param name="Version">The version, carried by the event's <c>schemaversion</c> extension attribute.</param>
/// <param name="SubjectPointer">Null or empty: the subject is the CloudEvents <c>subject</c> attribute; else a
/// JSON pointer into the event's <c>data</c>.</param>
/// <param name="Purposes">The taxonomy nodes an event of this version is processed for.</param>
/// <param name="Status">Active, deprecated or retired.</param>
/// <param name="DataSchema">The <c>dataschema</c> URI this version declares, or null.</param>
public sealed record EventSchema(
    string Type,
    int Version,
    string? SubjectPointer,
    IReadOnlyList<string> Purposes,
    SchemaStatus Status,
    string? DataSchema = null)
{
    /// <summary>Whether the subject is the <c>subject</c> attribute rather than a pointer into <c>data</c>.</summary>
    public bool SubjectIsAttribute => string.IsNullOrEmpty(SubjectPointer);
}
