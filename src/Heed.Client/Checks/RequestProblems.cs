using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Heed.Client.Checks;

/// <summary>400 and 413 problems with the registry's type URIs, so clients handle both the same way.</summary>
internal static class RequestProblems
{
    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        Make(StatusCodes.Status400BadRequest, "invalid-request", "The request is invalid", detail, errors);

    public static ProblemHttpResult TooLarge(int limit) =>
        Make(StatusCodes.Status413PayloadTooLarge, "too-large", "The request body is too large", $"the body may be at most {limit} bytes");

    public static ProblemHttpResult Unavailable(string detail) =>
        Make(StatusCodes.Status503ServiceUnavailable, "not-ready", "This enforcement point is not ready", detail);

    private static ProblemHttpResult Make(int status, string type, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (errors is { Count: > 0 })
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(detail, type: "https://heed.dev/problems/" + type, title: title, statusCode: status, extensions: extensions);
    }
}
