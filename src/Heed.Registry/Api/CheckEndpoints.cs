using Heed.Core.Decisions;
using Heed.Registry.Api.Contracts;
using Heed.Registry.Hosting;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Registry.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Api;

/// <summary><c>POST /v1/check</c> and <c>/v1/check/batch</c>. A well-formed check always gets 200 and a decision.</summary>
public static class CheckEndpoints
{
    public const int MaxBatch = 10_000;

    public static IEndpointRouteBuilder MapCheckEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder v1 = app.MapGroup("/v1").WithTags("Checks");
        v1.MapPost("/check", CheckAsync).RequireRoles(Roles.Enforcer).WithSummary("May this subject's data be used for this purpose?");
        v1.MapPost("/check/batch", CheckBatchAsync).RequireRoles(Roles.Enforcer).WithSummary("Up to 10,000 checks in one request");
        return app;
    }

    private static async Task<IResult> CheckAsync(HttpContext context, RegistryState state, LsnWatch watch, RegistryOptions options, RegistryMetrics metrics, TimeProvider time)
    {
        BodyResult<CheckRequest> body = await RequestBody.ReadAsync(context.Request, RegistryJsonContext.Default.CheckRequest, RequestBody.SmallLimit);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        CheckRequest request = body.Value!;
        if (Missing(request.Subject, request.Purpose) is { } problem)
        {
            return problem;
        }

        Decision decision;
        if (request.Token is long token && token > state.Head && !await watch.WaitAsync(token, options.TokenWait, time, context.RequestAborted))
        {
            decision = new Decision(DecisionReason.Unconfirmed, state.Head);
        }
        else
        {
            decision = state.Replica.Check(request.Subject, request.Purpose);
        }

        metrics.CheckAnswered(decision.Reason);
        return TypedResults.Ok(new CheckResponse(
            decision.Allowed,
            DecisionReasons.ToWire(decision.Reason),
            decision.Lsn,
            Guid.CreateVersion7().ToString("N"),
            decision.Matched?.Name));
    }

    private static async Task<IResult> CheckBatchAsync(HttpContext context, RegistryState state, RegistryMetrics metrics, BulkCheckBudget budget)
    {
        BodyResult<CheckBatchRequest> body = await RequestBody.ReadAsync(context.Request, RegistryJsonContext.Default.CheckBatchRequest, RequestBody.BatchLimit);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        List<CheckItem?>? items = body.Value!.Items;
        if (items is null || items.Count == 0)
        {
            return Problems.BadRequest("'items' must hold 1 to 10000 checks");
        }

        if (items.Count > MaxBatch)
        {
            return Problems.BadRequest($"a batch holds at most {MaxBatch} checks; this one has {items.Count}");
        }

        var errors = new Dictionary<string, string[]>();
        for (int i = 0; i < items.Count && errors.Count < 100; i++)
        {
            if (items[i] is not { Subject: not null, Purpose: not null })
            {
                errors[$"items[{i}]"] = ["each check needs 'subject' and 'purpose' strings"];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest("some checks are malformed", errors);
        }

        string keyId = context.CurrentKey()!.Id;
        if (!budget.TryTake(keyId, items.Count, out TimeSpan retryAfter))
        {
            metrics.BulkCheckRefused(keyId, items.Count);
            return Problems.OverBudget(context, items.Count, retryAfter);
        }

        metrics.BulkChecked(keyId, items.Count);
        long lsn = state.Head;
        var results = new List<CheckResult>(items.Count);
        foreach (CheckItem? item in items)
        {
            Decision decision = state.Replica.Check(item!.Subject, item.Purpose);
            metrics.CheckAnswered(decision.Reason);
            results.Add(new CheckResult(decision.Allowed, DecisionReasons.ToWire(decision.Reason), decision.Matched?.Name));
        }

        return TypedResults.Ok(new CheckBatchResponse(lsn, results));
    }

    private static IResult? Missing(string? subject, string? purpose)
    {
        var errors = new Dictionary<string, string[]>();
        if (subject is null)
        {
            errors["subject"] = ["'subject' is required"];
        }

        if (purpose is null)
        {
            errors["purpose"] = ["'purpose' is required"];
        }

        return errors.Count == 0 ? null : Problems.BadRequest("a check needs 'subject' and 'purpose'", errors);
    }
}
