namespace Heed.Core.Schemas;

/// <summary>The schema version an event resolved to, or why it is refused.</summary>
/// <param name="Rejection">None when the event may be processed under <see cref="Schema"/>.</param>
/// <param name="Schema">The version, when accepted (and when refused as retired or below the minimum).</param>
/// <param name="Version">The version as the event gave it, for rejections and counters ("" when absent).</param>
public readonly record struct EventResolution(SchemaRejection Rejection, EventSchema? Schema, string Version)
{
    /// <summary>Whether the event may be processed under <see cref="Schema"/>.</summary>
    public bool Accepted => Rejection == SchemaRejection.None;
}
