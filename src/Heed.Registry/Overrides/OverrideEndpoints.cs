using System.Security.Cryptography;
using Heed.Checks.Http;
using Heed.Registry.Api;
using Heed.Registry.Hosting;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Registry.Writes;
using Heed.Storage.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Overrides;

/// <summary>
/// <c>/v1/overrides</c> (docs/overrides.md): an admin requests, a second admin approves, any admin revokes;
/// admins and auditors read. There is no edit: an approval covers exactly the request it names.
/// </summary>
public static class OverrideEndpoints
{
    public static IEndpointRouteBuilder MapOverrideEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder overrides = app.MapGroup("/v1/overrides").WithTags("Overrides");
        overrides.MapPost("/", RequestAsync).RequireRoles().WithSummary("Request an override; it does nothing until a second admin approves it");
        overrides.MapPost("/{id}/approve", ApproveAsync).RequireRoles().WithSummary("Approve a pending override (another admin than the requester); answered once enforced");
        overrides.MapPost("/{id}/revoke", RevokeAsync).RequireRoles().WithSummary("Revoke a pending or active override; answered once enforced");
        overrides.MapGet("/", List).RequireRoles(Roles.Auditor).WithSummary("Every override and its state");
        overrides.MapGet("/{id}", Show).RequireRoles(Roles.Auditor).WithSummary("One override: scope, reason, who asked and approved, state and decisions");
        overrides.MapMethods("/{id}", [HttpMethods.Put, HttpMethods.Patch], NoEdits).RequireRoles(Roles.Auditor).WithSummary("Always 405: an override cannot be edited");
        return app;
    }

    private static async Task<IResult> RequestAsync(HttpContext context, RegistryState state, WritePipeline writes, RegistryOptions options)
    {
        DateTimeOffset receivedAt = writes.Time.GetUtcNow();
        BodyResult<OverrideRequestBody> body = await JsonBody.ReadAsync(context.Request, RegistryJsonContext.Default.OverrideRequestBody, JsonBody.SmallLimit);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (OverrideInput.Validate(body.Value!, state.Taxonomy, options.Overrides.MaxTtl, errors) is not { } valid)
        {
            return Problems.BadRequest("the override request is invalid", errors);
        }

        (OverrideScope scope, long ttl, string reason) = valid;

        string id = "ovr_" + RandomNumberGenerator.GetHexString(16, lowercase: true);
        (WriteOutcome? outcome, IResult? problem) = await writes.SubmitAsync(OverrideBody.Request(id, scope, ttl, reason, context.CurrentKey()?.Id, receivedAt), context);
        return outcome is null
            ? problem!
            : TypedResults.Created($"/v1/overrides/{id}", new OverrideWriteResponse(id, OverrideStates.Pending, outcome.Lsn, null, outcome.Enforced, outcome.EnforcedAt));
    }

    private static async Task<IResult> ApproveAsync(string id, HttpContext context, RegistryState state, WritePipeline writes)
    {
        // The ledger keeps whole milliseconds; the end is computed from the time the approval will carry.
        DateTimeOffset now = DateTimeOffset.FromUnixTimeMilliseconds(writes.Time.GetUtcNow().ToUnixTimeMilliseconds());
        OverrideRecord? request = state.Overrides.Find(id);
        if (request is null)
        {
            return Problems.NotFound($"no override '{SubjectInput.Clip(id)}'");
        }

        string current = request.StateAt(now);
        if (current != OverrideStates.Pending)
        {
            return Problems.Conflict($"override '{id}' is {current}; only a pending override can be approved (request a new one)");
        }

        string? approver = context.CurrentKey()?.Id;
        if (approver == request.RequestedBy && !state.Settings.SingleApprover)
        {
            return Problems.Forbidden($"the key that requested override '{id}' cannot approve it: a second admin must (two-person rule; see the setting {Settings.SettingNames.OverridesSingleApprover})");
        }

        DateTimeOffset endsAt = now.AddSeconds(request.TtlSeconds);
        (WriteOutcome? outcome, IResult? problem) = await writes.SubmitAsync(OverrideBody.Approve(request, approver, endsAt, now), context);
        return outcome is null
            ? problem!
            : TypedResults.Ok(new OverrideWriteResponse(id, OverrideStates.Active, outcome.Lsn, endsAt, outcome.Enforced, outcome.EnforcedAt));
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext context, RegistryState state, WritePipeline writes)
    {
        DateTimeOffset now = writes.Time.GetUtcNow();
        OverrideRecord? target = state.Overrides.Find(id);
        if (target is null)
        {
            return Problems.NotFound($"no override '{SubjectInput.Clip(id)}'");
        }

        string current = target.StateAt(now);
        if (current is OverrideStates.Revoked or OverrideStates.Expired)
        {
            return Problems.Conflict($"override '{id}' is {current} already");
        }

        (WriteOutcome? outcome, IResult? problem) = await writes.SubmitAsync(OverrideBody.Revoke(id, context.CurrentKey()?.Id, now), context);
        return outcome is null
            ? problem!
            : TypedResults.Ok(new OverrideWriteResponse(id, OverrideStates.Revoked, outcome.Lsn, target.EndsAt, outcome.Enforced, outcome.EnforcedAt));
    }

    private static IResult List(RegistryState state, OverrideDecisions decisions, TimeProvider time)
    {
        DateTimeOffset now = time.GetUtcNow();
        return TypedResults.Ok(new OverridesResponse([.. state.Overrides.List().Select(o => OverrideViews.Of(o, now, decisions))]));
    }

    private static IResult Show(string id, RegistryState state, OverrideDecisions decisions, TimeProvider time) =>
        state.Overrides.Find(id) is { } found
            ? TypedResults.Ok(OverrideViews.Of(found, time.GetUtcNow(), decisions))
            : Problems.NotFound($"no override '{SubjectInput.Clip(id)}'");

    private static IResult NoEdits(string id, HttpContext context)
    {
        context.Response.Headers.Allow = "GET";
        return Problems.MethodNotAllowed($"an override cannot be edited: an approval covers exactly the request it names. Revoke '{SubjectInput.Clip(id)}' and request a new one");
    }
}
