using Heed.Client;
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
    /// 10,000 checks), answered from the in-process replica with the registry's shapes and rules. They
    /// carry no authorization of their own: add it to the returned group when the port is not loopback.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The <c>/v1</c> group, to add authorization, rate limits or metadata.</returns>
    public static RouteGroupBuilder MapHeedCheckEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RouteGroupBuilder v1 = endpoints.MapGroup("/v1").WithTags("Checks");
        v1.MapPost("/check", context => RunAsync(context, CheckHandlers.CheckAsync)).WithSummary("May this subject's data be used for this purpose?");
        v1.MapPost("/check/batch", context => RunAsync(context, CheckHandlers.CheckBatchAsync)).WithSummary("Up to 10,000 checks in one request");
        return v1;
    }

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
            return RequestProblems.Unavailable("no valid lease from the registry: " + why);
        }).WithTags("Health");
        return endpoints;
    }

    // Plain request delegates: no per-endpoint parameter binding to build or run on the hot path.
    private static async Task RunAsync(HttpContext context, Func<HttpContext, Task<IResult>> handler)
    {
        IResult result = await handler(context).ConfigureAwait(false);
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    private static IHeedEnforcer Enforcer(HttpContext context) => context.RequestServices.GetRequiredService<IHeedEnforcer>();
}
