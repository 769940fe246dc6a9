using Heed.Client.Problems;
using Heed.Core.Decisions;
using Heed.Core.Subjects;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Client.AspNetCore;

/// <summary>
/// Lets a request reach its endpoint only if the subject has not opted out of the purpose and the replica
/// can confirm it; otherwise answers 403 problem+json with the reason. An allowed request takes a
/// synchronous path straight to the endpoint. A <c>Heed-Consistency-Token</c> header makes the check
/// wait (bounded) until the replica applied that LSN, for read-your-writes after an opt-out.
/// </summary>
internal sealed class NotOptedOutFilter(string purpose, HeedSubjectSource source) : IEndpointFilter
{
    public const string TokenHeader = "Heed-Consistency-Token";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        IHeedEnforcer enforcer = http.RequestServices.GetRequiredService<IHeedEnforcer>();
        RawSubject raw = source.Read(http);
        if (raw.Refusal is { } refusal)
        {
            return Deny(new Decision(DecisionReason.InvalidSubject, enforcer.AppliedLsn), refusal);
        }

        if (raw.Value is null)
        {
            return Deny(new Decision(DecisionReason.InvalidSubject, enforcer.AppliedLsn), $"the request has no subject in its {source}");
        }

        Span<char> buffer = stackalloc char[SubjectParser.MaxLength];
        SubjectError error = SubjectParser.TryCanonicalize(raw.Value, source.Kind, buffer, out ReadOnlySpan<char> subject);
        if (error != SubjectError.None)
        {
            return Deny(new Decision(DecisionReason.InvalidSubject, enforcer.AppliedLsn), SubjectErrors.Describe(error));
        }

        long token = ReadToken(http);
        if (token > enforcer.AppliedLsn)
        {
            return CheckWithTokenAsync(context, next, enforcer, subject.ToString(), token);
        }

        Decision decision = enforcer.Check(subject, purpose);
        return decision.Allowed ? next(context) : Deny(decision, null);
    }

    private static long ReadToken(HttpContext http) =>
        http.Request.Headers.TryGetValue(TokenHeader, out var values) && values.Count == 1 && long.TryParse(values[0], out long token) ? token : 0;

    private async ValueTask<object?> CheckWithTokenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, IHeedEnforcer enforcer, string subject, long token)
    {
        Decision decision = await enforcer.CheckAsync(subject, purpose, token, context.HttpContext.RequestAborted).ConfigureAwait(false);
        return decision.Allowed
            ? await next(context).ConfigureAwait(false)
            : await Deny(decision, null).ConfigureAwait(false);
    }

    private ValueTask<object?> Deny(Decision decision, string? detail)
    {
        DenialProblem problem = DenialProblems.Create(decision, purpose, StatusCodes.Status403Forbidden, detail);
        IResult result = TypedResults.Json(problem, HeedJsonContext.Plain.DenialProblem, DenialProblems.ContentType, StatusCodes.Status403Forbidden);
        return ValueTask.FromResult<object?>(result);
    }
}
