using Heed.Registry.Api.Contracts;
using Heed.Registry.State;
using Heed.Registry.Writes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Api;

/// <summary>Liveness and readiness; no key needed.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (RegistryState state) => TypedResults.Ok(new HealthResponse("ok", state.Head))).WithTags("Health");
        app.MapGet("/readyz", (RegistryState state, WritePipeline writes) => writes.IsHealthy
                ? Results.Ok(new HealthResponse("ready", state.Head))
                : Problems.Unavailable("the ledger store failed; restart the registry"))
            .WithTags("Health");
        return app;
    }
}
