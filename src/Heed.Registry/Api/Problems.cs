using Heed.Checks.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Heed.Registry.Api;

/// <summary>The registry's kinds of RFC 9457 problem, on top of the ones the check API shares (<see cref="ApiProblems"/>).</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) => ApiProblems.BadRequest(detail, errors);

    public static ProblemHttpResult Unprocessable(string detail) =>
        Make(StatusCodes.Status422UnprocessableEntity, "not-opt-outable", "The purpose cannot be opted out of", detail);

    public static ProblemHttpResult TooLarge(int limit) => ApiProblems.TooLarge(limit);

    public static ProblemHttpResult Unauthorized(string detail) =>
        Make(StatusCodes.Status401Unauthorized, "unauthorized", "A valid API key is required", detail);

    public static ProblemHttpResult Forbidden(string role, IEnumerable<string> allowed) =>
        Make(StatusCodes.Status403Forbidden, "forbidden", "The key's role may not do this", $"role '{role}' is not one of: {string.Join(", ", allowed)}");

    public static ProblemHttpResult Forbidden(string detail) =>
        Make(StatusCodes.Status403Forbidden, "forbidden", "The key's role may not do this", detail);

    public static ProblemHttpResult NotFound(string detail) =>
        Make(StatusCodes.Status404NotFound, "not-found", "Not found", detail);

    /// <summary>The resource exists but never takes this method (an override is never edited).</summary>
    public static ProblemHttpResult MethodNotAllowed(string detail) =>
        Make(StatusCodes.Status405MethodNotAllowed, "method-not-allowed", "The resource does not take this method", detail);

    /// <summary>The store refused an entry of the write (it contradicts the current state, e.g. a key revoked meanwhile); nothing was written.</summary>
    public static ProblemHttpResult Conflict(string detail) =>
        Make(StatusCodes.Status409Conflict, "conflict", "The write conflicts with the current state", detail);

    public static ProblemHttpResult Unavailable(string detail) =>
        Make(StatusCodes.Status503ServiceUnavailable, "unavailable", "The registry cannot take writes now", detail);

    /// <summary>The key spent its budget of bulk-checked items; <c>Retry-After</c> says when it may go on.</summary>
    public static IResult OverBudget(HttpContext context, int items, TimeSpan retryAfter)
    {
        int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Make(StatusCodes.Status429TooManyRequests, "over-budget", "The key's bulk-check budget is spent", $"this key may not check {items} more items now; retry after {seconds} s");
    }

    private static ProblemHttpResult Make(int status, string type, string title, string detail) => ApiProblems.Make(status, type, title, detail);
}
