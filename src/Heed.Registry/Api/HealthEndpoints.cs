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

        // Not ready while writes are refused, and the answer says why: a full disk clears by itself once
        // space is freed; a lost data directory lock needs a restart.
        app.MapGet("/readyz", (RegistryState state, WritePipeline writes) => writes.RefusedBecause is { } reason
                ? Problems.Unavailable("writes are refused: " + reason)
                : Results.Ok(new HealthResponse("ready", state.Head)))
            .WithTags("Health");
        return app;
    }
}
