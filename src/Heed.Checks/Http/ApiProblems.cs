using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Heed.Checks.Http;

/// <summary>
/// RFC 9457 problem details with a type URI per kind of problem (<c>https://heed.dev/problems/KIND</c>),
/// so clients branch on the type, the same from the registry and from every enforcement point.
/// </summary>
public static class ApiProblems
{
    /// <summary>The prefix of every problem type URI.</summary>
    public const string TypePrefix = "https://heed.dev/problems/";

    /// <summary>400 <c>invalid-request</c>: the request is not what the endpoint takes.</summary>
    /// <param name="detail">What is wrong, for a person.</param>
    /// <param name="errors">Per field or item, what is wrong with it.</param>
    /// <returns>The problem.</returns>
    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        Make(StatusCodes.Status400BadRequest, "invalid-request", "The request is invalid", detail, errors);

    /// <summary>413 <c>too-large</c>: the body passes the endpoint's bound.</summary>
    /// <param name="limit">The bound, in bytes.</param>
    /// <returns>The problem.</returns>
    public static ProblemHttpResult TooLarge(int limit) =>
        Make(StatusCodes.Status413PayloadTooLarge, "too-large", "The request body is too large", $"the body may be at most {limit} bytes");

    /// <summary>A problem of any kind.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="type">The kind, the last segment of the type URI.</param>
    /// <param name="title">A short title, the same for every problem of the kind.</param>
    /// <param name="detail">What is wrong this time, for a person.</param>
    /// <param name="errors">Per field or item, what is wrong with it.</param>
    /// <returns>The problem.</returns>
    public static ProblemHttpResult Make(int status, string type, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (errors is { Count: > 0 })
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(detail, type: TypePrefix + type, title: title, statusCode: status, extensions: extensions);
    }
}
