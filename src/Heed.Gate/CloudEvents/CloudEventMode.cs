namespace Heed.Gate.CloudEvents;

/// <summary>How a request carries CloudEvents (HTTP protocol binding, §3).</summary>
public enum CloudEventMode
{
    /// <summary>Not a CloudEvent: refused on a CloudEvents route.</summary>
    None,

    /// <summary>Attributes in <c>ce-</c> headers, data in the body.</summary>
    Binary,

    /// <summary>One event in the JSON format: <c>application/cloudevents+json</c>.</summary>
    Structured,

    /// <summary>A JSON array of events: <c>application/cloudevents-batch+json</c>.</summary>
    Batch,
}
