using Heed.Client;
using Heed.Checks.Http;
using Heed.Client.Checks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

// Endpoint mapping extensions live where app.Map* already is, so no extra using is needed.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the local decision API of an enforcement point (as <c>heed sidecar</c> serves it).</summary>
public static class HeedCheckEndpoints
{
    /// <summary>
    /// Maps <c>POST /v1/check</c> (<c>{"subject","purpose","service"?,"token"?}</c> →
    /// <c>{"allowed","reason","lsn","decisionId","matched"?}</c>) and <c>POST /v1/check/batch</c> (up to
    /// 10,000 checks), answered from the in-process replica by the registry's own handlers (<see cref="CheckApi.MapCheckApi"/>). They
    /// carry no authorization of their own: add it to the returned group when the port is not loopback.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The <c>/v1</c> group, to add authorization, rate limits or metadata.</returns>
    public static RouteGroupBuilder MapHeedCheckEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapCheckApi<IHeedEnforcer>();

    /// <summary>
    /// Maps <c>GET /healthz</c> (the process is up) and <c>GET /readyz</c> (200 only while the replica holds
    /// a valid lease; 503 problem+json naming why not, e.g. a protocol refusal).
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The route builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapHeedHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/healthz", (HttpContext context) =>
            TypedResults.Json(new HealthResponse("ok", Enforcer(context).AppliedLsn), HeedJsonContext.Plain.HealthResponse)).WithTags("Health");
        endpoints.MapGet("/readyz", IResult (HttpContext context) =>
        {
            HeedStatus status = Enforcer(context).Status;
            if (status.IsFresh)
            {
                return TypedResults.Json(new HealthResponse("ready", status.AppliedLsn), HeedJsonContext.Plain.HealthResponse);
            }

            string why = status.LastError?.Message ?? (status.IsConnected ? "waiting for a lease" : "not connected to the registry");
            return ApiProblems.Make(StatusCodes.Status503ServiceUnavailable, "not-ready", "This enforcement point is not ready", "no valid lease from the registry: " + why);
        }).WithTags("Health");
        return endpoints;
    }

    private static IHeedEnforcer Enforcer(HttpContext context) => context.RequestServices.GetRequiredService<IHeedEnforcer>();
}
