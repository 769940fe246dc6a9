namespace Heed.Core.Schemas;

/// <summary>What <see cref="SchemaCatalog.Resolve"/> found: the version, or why the event is refused
/// (with the version it named, when that version is registered).</summary>
public readonly record struct SchemaResolution(SchemaRejection Rejection, EventSchema? Schema)
{
    /// <summary>Whether the event may be processed under <see cref="Schema"/>.</summary>
    public bool Accepted => Rejection == SchemaRejection.None;
}
