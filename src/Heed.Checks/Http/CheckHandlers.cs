using System.Buffers;
using System.IO.Pipelines;
using Heed.Core.Decisions;
using Heed.Core.Replicas;
using Heed.Core.Subjects;
using Microsoft.AspNetCore.Http;

namespace Heed.Checks.Http;

/// <summary>
/// <c>POST /v1/check</c> and <c>/v1/check/batch</c> over an <see cref="IDecisionSource"/>, with one set of
/// rules for every host: a request that is not a check (malformed JSON, missing fields, over-size) gets
/// 400 or 413; a well-formed check always gets 200 with a decision, even a denial for an invalid subject
/// or an unknown purpose. A single check without a token allocates nothing.
/// </summary>
internal static class CheckHandlers
{
    public const int MaxBatch = 10_000;

    /// <summary>Purpose names are at most 128 characters; a longer text is decided on as a string.</summary>
    private const int PurposeBuffer = 256;

    public static async Task CheckAsync(HttpContext context, IDecisionSource source, ICheckGuard? guard, TimeProvider time)
    {
        if (guard?.Admit(context) is { } refused)
        {
            await refused.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        HttpRequest request = context.Request;
        if (request.ContentLength > JsonBody.SmallLimit)
        {
            await ApiProblems.TooLarge(JsonBody.SmallLimit).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        PipeReader body = request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await body.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                if (read.Buffer.Length > JsonBody.SmallLimit)
                {
                    body.AdvanceTo(read.Buffer.End);
                    await ApiProblems.TooLarge(JsonBody.SmallLimit).ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }

                body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException ex)
        {
            IResult problem = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiProblems.TooLarge(JsonBody.SmallLimit) : ApiProblems.BadRequest(ex.Message);
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (read.IsCanceled)
        {
            body.AdvanceTo(read.Buffer.End);
            await ApiProblems.BadRequest("the request body was not read to its end").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        Pending pending;
        try
        {
            pending = Answer(context, read.Buffer, source, guard, time);
        }
        finally
        {
            body.AdvanceTo(read.Buffer.End);
        }

        if (pending.Problem is not null)
        {
            await pending.Problem.ExecuteAsync(context).ConfigureAwait(false);
        }
        else if (pending.Subject is not null)
        {
            Decision decision = await source.CheckAsync(pending.Subject, pending.Purpose!, pending.Token, context.RequestAborted).ConfigureAwait(false);
            guard?.Answered(decision.Reason);
            CheckAnswerWriter.Write(context.Response, decision, time.GetUtcNow());
        }

        if (pending.Problem is null)
        {
            // Written into the pipe; flushed here so middleware that reads the body back sees it.
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    public static async Task CheckBatchAsync(HttpContext context, IDecisionSource source, ICheckGuard? guard)
    {
        if (guard?.Admit(context) is { } refused)
        {
            await refused.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        IResult result = await AnswerBatchAsync(context, source, guard).ConfigureAwait(false);
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>Parses, checks and writes a check without a token; a token check comes back to wait.</summary>
    private static Pending Answer(HttpContext context, in ReadOnlySequence<byte> body, IDecisionSource source, ICheckGuard? guard, TimeProvider time)
    {
        Span<char> subjectBuffer = stackalloc char[SubjectParser.MaxInputLength];
        Span<char> purposeBuffer = stackalloc char[PurposeBuffer];
        if (!CheckBodyParser.TryParse(body, subjectBuffer, purposeBuffer, out ParsedCheck check, out IResult? problem))
        {
            return new(problem, null, null, 0);
        }

        if (Missing(check.HasSubject, check.HasPurpose) is { } missing)
        {
            return new(missing, null, null, 0);
        }

        if (check.Token > 0)
        {
            return new(null, check.Subject.ToString(), check.Purpose.ToString(), check.Token);
        }

        Decision decision = source.Check(check.Subject, check.Purpose);
        guard?.Answered(decision.Reason);
        CheckAnswerWriter.Write(context.Response, decision, time.GetUtcNow());
        return default;
    }

    private static async Task<IResult> AnswerBatchAsync(HttpContext context, IDecisionSource source, ICheckGuard? guard)
    {
        BodyResult<BatchCheckBody> body = await JsonBody.ReadAsync(context.Request, CheckJsonContext.Plain.BatchCheckBody, JsonBody.BatchLimit).ConfigureAwait(false);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        List<BatchCheckItem?>? items = body.Value!.Items;
        if (items is null || items.Count == 0)
        {
            return ApiProblems.BadRequest("'items' must hold 1 to 10000 checks");
        }

        if (items.Count > MaxBatch)
        {
            return ApiProblems.BadRequest($"a batch holds at most {MaxBatch} checks; this one has {items.Count}");
        }

        Dictionary<string, string[]>? errors = null;
        for (int i = 0; i < items.Count && (errors?.Count ?? 0) < 100; i++)
        {
            if (items[i] is not { Subject: not null, Purpose: not null })
            {
                (errors ??= [])[$"items[{i}]"] = ["each check needs 'subject' and 'purpose' strings"];
            }
        }

        if (errors is not null)
        {
            return ApiProblems.BadRequest("some checks are malformed", errors);
        }

        if (guard?.AdmitBatch(context, items.Count) is { } refused)
        {
            return refused;
        }

        // One copy for the whole batch: a snapshot that lands midway must not mix two copies.
        ReplicaState state = source.Replica;
        long lsn = state.AppliedLsn;
        var results = new List<BatchCheckResult>(items.Count);
        foreach (BatchCheckItem? item in items)
        {
            Decision decision = state.Check(item!.Subject, item.Purpose);
            guard?.Answered(decision.Reason);
            results.Add(new BatchCheckResult(decision.Allowed, DecisionReasons.ToWire(decision.Reason), decision.Matched?.Name, decision.OverrideId));
        }

        return TypedResults.Json(new BatchCheckAnswer(lsn, results), CheckJsonContext.Plain.BatchCheckAnswer);
    }

    private static IResult? Missing(bool hasSubject, bool hasPurpose)
    {
        if (hasSubject && hasPurpose)
        {
            return null;
        }

        var errors = new Dictionary<string, string[]>();
        if (!hasSubject)
        {
            errors["subject"] = ["'subject' is required"];
        }

        if (!hasPurpose)
        {
            errors["purpose"] = ["'purpose' is required"];
        }

        return ApiProblems.BadRequest("a check needs 'subject' and 'purpose'", errors);
    }

    /// <summary>What is left to do after the synchronous part: answer a problem, or wait for a token.</summary>
    private readonly record struct Pending(IResult? Problem, string? Subject, string? Purpose, long Token);
}
