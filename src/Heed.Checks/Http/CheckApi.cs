using Heed.Checks;
using Heed.Checks.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

// Endpoint mapping extensions live where app.Map* already is, so no extra using is needed.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the check API, the same on the registry and on every enforcement point.</summary>
public static class CheckApi
{
    /// <summary>The most checks one <c>POST /v1/check/batch</c> may hold.</summary>
    public const int MaxBatch = CheckHandlers.MaxBatch;

    // A body is JSON whatever its Content-Type says (curl -d sends a form type): without this, routing
    // would answer 415 before the host's key check ran.
    private const string AnyMediaType = "*/*";

    /// <summary>
    /// Maps <c>POST /v1/check</c> (<c>{"subject","purpose","service"?,"token"?}</c> →
    /// <c>{"allowed","reason","lsn","decisionId","matched"?}</c>) and <c>POST /v1/check/batch</c> (up to
    /// 10,000 checks) as plain request delegates over the <typeparamref name="TSource"/> singleton.
    /// </summary>
    /// <typeparam name="TSource">The registered decision source checks are answered from.</typeparam>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="guard">What the host adds (a key check, a budget, metrics); null for nothing.</param>
    /// <returns>The <c>/v1</c> group, to add metadata, authorization or rate limits.</returns>
    public static RouteGroupBuilder MapCheckApi<TSource>(this IEndpointRouteBuilder endpoints, ICheckGuard? guard = null)
        where TSource : class, IDecisionSource
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        IServiceProvider services = endpoints.ServiceProvider;
        TimeProvider time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        TSource? source = null;

        // The source is a singleton, taken from the root provider once: touching RequestServices would
        // create a scope per request.
        TSource Source() => source ??= services.GetRequiredService<TSource>();

        RouteGroupBuilder v1 = endpoints.MapGroup("/v1").WithTags("Checks");
        // A delegate over HttpContext alone binds nothing per request; mapped as a Delegate (not a
        // RequestDelegate) so the endpoint carries its method and OpenAPI documents it.
        v1.MapPost("/check", (Func<HttpContext, Task>)(context => CheckHandlers.CheckAsync(context, Source(), guard, time)))
            .Accepts<CheckBody>("application/json", AnyMediaType)
            .Produces<CheckAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("May this subject's data be used for this purpose?");
        v1.MapPost("/check/batch", (Func<HttpContext, Task>)(context => CheckHandlers.CheckBatchAsync(context, Source(), guard)))
            .Accepts<BatchCheckBody>("application/json", AnyMediaType)
            .Produces<BatchCheckAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Up to 10,000 checks in one request");
        return v1;
    }
}
