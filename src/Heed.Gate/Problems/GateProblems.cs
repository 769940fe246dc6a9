using System.Text.Json;
using Heed.Core.Decisions;
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

    private static Task WriteAsync(HttpContext context, GateProblem problem)
    {
        HttpResponse response = context.Response;
        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        return JsonSerializer.SerializeAsync(response.Body, problem, GateJsonContext.Plain.GateProblem, context.RequestAborted);
    }
}
