using Heed.Checks.Http;
using Heed.Core.Purposes;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Purposes;

/// <summary><c>/v1/purposes</c>: the taxonomy, and its changes as <c>purpose.add</c> and <c>purpose.deprecate</c> entries,
/// acknowledged like opt-outs (once acknowledged, every enforcement point answers with it).</summary>
public static class PurposeEndpoints
{
    public static IEndpointRouteBuilder MapPurposeEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder purposes = app.MapGroup("/v1/purposes").WithTags("Purposes");
        purposes.MapGet("/", (RegistryState state) => TypedResults.Ok(new PurposesResponse([.. state.Taxonomy.All.Select(PurposeView.Of)])))
            .RequireRoles(Roles.Writer, Roles.Enforcer, Roles.Auditor).WithSummary("The purpose taxonomy");
        purposes.MapPost("/", AddAsync).RequireRoles().WithSummary("Add a purpose; acknowledged like an opt-out");
        purposes.MapPatch("/{name}", DeprecateAsync).RequireRoles().WithSummary("Deprecate a purpose, optionally naming a successor; acknowledged like an opt-out");
        return app;
    }

    private static async Task<IResult> AddAsync(HttpContext context, PurposeWrites writes)
    {
        BodyResult<PurposeAddBody> body = await JsonBody.ReadAsync(context.Request, RegistryJsonContext.Default.PurposeAddBody, JsonBody.SmallLimit);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        string? name = body.Value!.Name;
        if (name is null || !PurposeNames.IsValid(name))
        {
            return Problems.BadRequest("the purpose is invalid", new Dictionary<string, string[]>
            {
                ["name"] = ["a purpose is dotted lower-case names ([a-z][a-z0-9_]* each, at most 128 characters), e.g. research.surveys"],
            });
        }

        return await writes.AddAsync(name, context);
    }

    private static async Task<IResult> DeprecateAsync(string name, HttpContext context, PurposeWrites writes)
    {
        BodyResult<PurposeDeprecateBody> body = await JsonBody.ReadAsync(context.Request, RegistryJsonContext.Default.PurposeDeprecateBody, JsonBody.SmallLimit);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (body.Value!.Deprecated != true)
        {
            errors["deprecated"] = ["only {\"deprecated\": true} is supported: a deprecation is for good"];
        }

        if (body.Value.Successor is { } successor && !PurposeNames.IsValid(successor))
        {
            errors["successor"] = ["a purpose is dotted lower-case names, e.g. research.surveys"];
        }

        return errors.Count > 0
            ? Problems.BadRequest("the deprecation is invalid", errors)
            : await writes.DeprecateAsync(name, body.Value.Successor, context);
    }
}
