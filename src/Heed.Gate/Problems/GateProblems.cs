using System.Text.Json;
using Heed.Core.Decisions;
using Heed.Core.Schemas;
using Microsoft.AspNetCore.Http;

namespace Heed.Gate.Problems;

/// <summary>Writes the gate's problem+json answers; one type URI per reason so clients can branch on it.</summary>
public static class GateProblems
{
    public const string ContentType = "application/problem+json";
    private const string TypeBase = "https://heed.dev/problems/";

    public static Task WriteDenialAsync(HttpContext context, int status, Decision decision, string purpose, string? detail, string routeId)
    {
        string matched = decision.Matched?.Name ?? purpose;
        (string type, string title, string text) = decision.Reason switch
        {
            DecisionReason.OptedOut => ("opted-out", "The subject opted out of this purpose",
                matched == purpose ? $"the subject opted out of '{purpose}'" : $"the subject opted out of '{matched}', which covers '{purpose}'"),
            DecisionReason.InvalidSubject => ("invalid-subject", "The subject is missing or invalid",
                "the request carries no valid 'kind:value' subject where this route requires one"),
            DecisionReason.UnknownPurpose => ("unknown-purpose", "The purpose is unknown",
                $"'{purpose}' is not a purpose of the taxonomy"),
            _ => ("unconfirmed", "The decision could not be confirmed",
                "the gate cannot prove its copy of the opt-outs is fresh (no valid lease), so it does not forward; retry later"),
        };
        var problem = new GateProblem(TypeBase + type, title, status, detail ?? text, DecisionReasons.ToWire(decision.Reason), purpose, decision.Matched?.Name, decision.Lsn, routeId);
        return WriteAsync(context, problem);
    }

    public static Task WriteAsync(HttpContext context, int status, string type, string title, string detail, string? routeId) =>
        WriteAsync(context, new GateProblem(TypeBase + type, title, status, detail, null, null, null, null, routeId));

    /// <summary>422 for an event that resolves to no schema version it may be processed under (docs/schemas.md).</summary>
    public static Task WriteSchemaRejectedAsync(HttpContext context, in CloudEventAttributes attributes, in EventResolution resolution, string routeId)
    {
        string reason = EventSchemas.ToWire(resolution.Rejection);
        return WriteAsync(context, new GateProblem(TypeBase + "schema-rejected", "The event resolves to no accepted schema version", StatusCodes.Status422UnprocessableEntity,
            SchemaDetail(attributes, resolution), reason, null, null, null, routeId, attributes.Type, resolution.Version));
    }

    /// <summary>Why an event resolves to no accepted version, in words.</summary>
    public static string SchemaDetail(in CloudEventAttributes attributes, in EventResolution resolution)
    {
        string version = resolution.Version;
        return resolution.Rejection switch
        {
            SchemaRejection.UnknownType => $"no schema of type '{attributes.Type}' is registered",
            SchemaRejection.UnknownVersion => $"version {version} of '{attributes.Type}' is not registered",
            SchemaRejection.Retired => $"version {version} of '{attributes.Type}' is retired",
            SchemaRejection.BelowMinimum => $"version {version} of '{attributes.Type}' is below the type's minimum accepted version",
            _ when attributes.SchemaVersionCount == 0 => $"the event has no '{SchemaVersionAttribute.Name}' attribute",
            _ when attributes.SchemaVersionCount > 1 => $"the event gives '{SchemaVersionAttribute.Name}' {attributes.SchemaVersionCount} times",
            _ when resolution.Schema is null => $"'{version}' is not a version (a decimal integer of at least 1)",
            _ => $"the event's dataschema '{attributes.DataSchema}' is not the one version {version} registered",
        };
    }

    /// <summary>A batch none of whose events may be forwarded: each is listed with its reason.</summary>
    public static Task WriteBatchRefusedAsync(HttpContext context, IReadOnlyList<RefusedEvent> refused, string routeId) =>
        WriteAsync(context, new GateProblem(TypeBase + "batch-refused", "No event of the batch may be forwarded", StatusCodes.Status422UnprocessableEntity,
            $"all {refused.Count} events of the batch were refused; see events", null, null, null, null, routeId, Events: refused));

    private static Task WriteAsync(HttpContext context, GateProblem problem)
    {
        HttpResponse response = context.Response;
        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        return JsonSerializer.SerializeAsync(response.Body, problem, GateJsonContext.Plain.GateProblem, context.RequestAborted);
    }
}
