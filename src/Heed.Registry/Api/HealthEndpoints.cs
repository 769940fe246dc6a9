using Heed.Registry.Api.Contracts;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Registry.Writes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Api;

/// <summary>
/// Liveness and readiness; no key needed. Neither says more than its status to an anonymous caller: the
/// head LSN reveals the write rate, so <c>/readyz</c> adds it only for a request with a valid key.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok"))).WithTags("Health");
        app.MapGet("/readyz", (HttpContext context, RegistryState state, WritePipeline writes) => writes.IsHealthy
                ? Results.Ok(new HealthResponse("ready", context.PresentedKey() is null ? null : state.Head))
                : Problems.Unavailable("the ledger store failed; restart the registry"))
            .WithTags("Health");
        return app;
    }
}
