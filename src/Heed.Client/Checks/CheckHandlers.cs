using Heed.Core.Decisions;
using Heed.Core.Replicas;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Client.Checks;

/// <summary>
/// <c>POST /v1/check</c> and <c>/v1/check/batch</c> over the local replica, with the registry's rules:
/// a request that is not a check (malformed JSON, missing fields, over-size) gets 400; a well-formed
/// check always gets 200 with a decision, even a denial for an invalid subject or unknown purpose.
/// </summary>
internal static class CheckHandlers
{
    public const int MaxBatch = 10_000;

    public static async Task<IResult> CheckAsync(HttpContext context)
    {
        (CheckRequest? request, IResult? problem) = await JsonBody.ReadAsync(context.Request, HeedJsonContext.Plain.CheckRequest, JsonBody.SmallLimit).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (Missing(request!.Subject, request.Purpose) is { } missing)
        {
            return missing;
        }

        IServiceProvider services = context.RequestServices;
        IHeedEnforcer enforcer = services.GetRequiredService<IHeedEnforcer>();
        TimeProvider time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        Decision decision = request.Token is long token
            ? await enforcer.CheckAsync(request.Subject!, request.Purpose!, token, context.RequestAborted).ConfigureAwait(false)
            : enforcer.Check(request.Subject, request.Purpose);

        return TypedResults.Json(
            new CheckResponse(decision.Allowed, DecisionReasons.ToWire(decision.Reason), decision.Lsn, Guid.CreateVersion7(time.GetUtcNow()).ToString("N"), decision.Matched?.Name),
            HeedJsonContext.Plain.CheckResponse);
    }

    public static async Task<IResult> CheckBatchAsync(HttpContext context)
    {
        (CheckBatchRequest? request, IResult? problem) = await JsonBody.ReadAsync(context.Request, HeedJsonContext.Plain.CheckBatchRequest, JsonBody.BatchLimit).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        List<CheckItem?>? items = request!.Items;
        if (items is null || items.Count == 0)
        {
            return RequestProblems.BadRequest("'items' must hold 1 to 10000 checks");
        }

        if (items.Count > MaxBatch)
        {
            return RequestProblems.BadRequest($"a batch holds at most {MaxBatch} checks; this one has {items.Count}");
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
            return RequestProblems.BadRequest("some checks are malformed", errors);
        }

        // One copy for the whole batch: a snapshot that lands midway must not mix two copies.
        ReplicaState state = context.RequestServices.GetRequiredService<IHeedEnforcer>().Replica;
        long lsn = state.AppliedLsn;
        var results = new List<CheckResult>(items.Count);
        foreach (CheckItem? item in items)
        {
            Decision decision = state.Check(item!.Subject, item.Purpose);
            results.Add(new CheckResult(decision.Allowed, DecisionReasons.ToWire(decision.Reason), decision.Matched?.Name));
        }

        return TypedResults.Json(new CheckBatchResponse(lsn, results), HeedJsonContext.Plain.CheckBatchResponse);
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

        return errors.Count == 0 ? null : RequestProblems.BadRequest("a check needs 'subject' and 'purpose'", errors);
    }
}
