using Heed.Gate.Policies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Heed.Gate.Subjects;

/// <summary>Reads a subject from the parts of a request that need no I/O: a header, the query, a route value.
/// Several values are ambiguous and count as none.</summary>
public static class RequestSubject
{
    public static string? Read(HttpContext context, SubjectSource source) => source.Location switch
    {
        SubjectLocation.Header => Single(context.Request.Headers.TryGetValue(source.Name, out StringValues h) ? h : default),
        SubjectLocation.Query => Single(context.Request.Query.TryGetValue(source.Name, out StringValues q) ? q : default),
        SubjectLocation.Route => context.Request.RouteValues.TryGetValue(source.Name, out object? value) ? value as string ?? value?.ToString() : null,
        _ => null,
    };

    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;
}
