using Heed.Registry.Api;
using Heed.Registry.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Monitoring.Violations;

/// <summary><c>GET /v1/violations</c> and <c>GET /v1/violations/{id}</c> (docs/monitoring.md): admins and auditors read.</summary>
public static class ViolationEndpoints
{
    public static IEndpointRouteBuilder MapViolationEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder violations = app.MapGroup("/v1/violations").RequireRoles(Roles.Auditor).WithTags("Violations");
        violations.MapGet("/", ListAsync).WithSummary("Violations, newest first, by service, kind, time and subject; a page at a time");
        violations.MapGet("/{id}", ShowAsync).WithSummary("One violation with its evidence");
        return app;
    }

    private static async Task<IResult> ListAsync(string? service, string? kind, string? from, string? to, string? subject, string? limit, string? before, ViolationLog log, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ViolationFilter? filter = ViolationQueryInput.Validate(service, kind, from, to, subject, limit, before, id => log.Exists(id), errors);
        if (filter is null)
        {
            return Problems.BadRequest("the violation filter is invalid", errors);
        }

        return TypedResults.Ok(await log.ListAsync(filter, cancellationToken));
    }

    private static async Task<IResult> ShowAsync(string id, IViolationLog log, CancellationToken cancellationToken) =>
        await log.FindAsync(id, cancellationToken) is { } violation
            ? TypedResults.Ok(violation)
            : Problems.NotFound($"no violation '{id}'");
}
