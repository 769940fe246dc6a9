using Heed.Registry.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Api;

/// <summary>
/// <c>POST /v1/check</c> and <c>/v1/check/batch</c>: the check API every enforcement point serves
/// (<see cref="CheckApi"/>), over the registry's own state, behind an enforcer's key.
/// </summary>
public static class CheckEndpoints
{
    public static IEndpointRouteBuilder MapCheckEndpoints(this IEndpointRouteBuilder app)
    {
        var guard = app.ServiceProvider.GetRequiredService<RegistryCheckGuard>();
        app.MapCheckApi<RegistryDecisionSource>(guard).WithMetadata(new RequiredRoles(RegistryCheckGuard.AllowedRoles));
        return app;
    }
}
