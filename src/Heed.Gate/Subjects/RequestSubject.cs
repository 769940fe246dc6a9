using Heed.Core.Subjects;
using Heed.Gate.Policies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Heed.Gate.Subjects;

/// <summary>Reads a subject from the parts of a request that need no I/O: a header, the query, a route value.
/// Several values, lists and parameters are refused (<see cref="RawSubject.FromText"/>).</summary>
public static class RequestSubject
{
    public static RawSubject Read(HttpContext context, SubjectSource source) => source.Location switch
    {
        SubjectLocation.Header => Texts(context.Request.Headers.TryGetValue(source.Name, out StringValues h) ? h : default),
        SubjectLocation.Query => Texts(context.Request.Query.TryGetValue(source.Name, out StringValues q) ? q : default),
        SubjectLocation.Route => RawSubject.FromText(context.Request.RouteValues.TryGetValue(source.Name, out object? value) ? value as string ?? value?.ToString() : null),
        _ => RawSubject.None,
    };

    private static RawSubject Texts(StringValues values) => values.Count == 1 ? RawSubject.FromText(values[0]) : RawSubject.FromTexts(values);
}
