namespace Heed.Core.Schemas;

/// <summary>
/// What an event says about itself, as read from any binding (HTTP headers, a JSON event, AMQP properties):
/// the attributes a schema is resolved from, and the event's data when it is JSON.
/// </summary>
/// <param name="Type">The CloudEvents <c>type</c>.</param>
/// <param name="Source">The CloudEvents <c>source</c>: the producer, as rejections are counted.</param>
/// <param name="Id">The CloudEvents <c>id</c>.</param>
/// <param name="Subject">The CloudEvents <c>subject</c> attribute, or null.</param>
/// <param name="DataSchema">The <c>dataschema</c> attribute, or null.</param>
/// <param name="SchemaVersion">The <c>schemaversion</c> attribute as text, or null.</param>
/// <param name="SchemaVersionCount">How many times the event gives <c>schemaversion</c> (more than once is ambiguous).</param>
public readonly record struct CloudEventAttributes(
    string? Type,
    string? Source,
    string? Id,
    string? Subject,
    string? DataSchema,
    string? SchemaVersion,
    int SchemaVersionCount);
