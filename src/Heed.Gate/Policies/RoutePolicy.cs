using Heed.Core.Json;

namespace Heed.Gate.Policies;

/// <summary>
/// What the gate enforces on one YARP route, parsed from the route's <c>Heed.*</c> metadata. Immutable;
/// built once per route config. A route in CloudEvents mode (<see cref="CloudEvents"/>) has no purposes or
/// subject of its own: each event's schema version says both (docs/schemas.md).
/// </summary>
public sealed record RoutePolicy(
    string RouteId,
    string[] Purposes,
    SubjectSource? Subject,
    string? SubjectKind,
    bool SubjectOptional,
    DenyAction OnDeny,
    int DenyStatus,
    string[] RedactHeaders,
    JsonPointer[] RedactFields,
    bool CloudEvents = false)
{
    /// <summary>The request must take the async path: token validation, or the body is read.</summary>
    public bool NeedsBody => Subject?.Location == SubjectLocation.Json || (OnDeny == DenyAction.Redact && RedactFields.Length > 0);
}
