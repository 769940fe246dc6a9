using Heed.Core.Subjects;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Heed.Client.AspNetCore;

/// <summary>
/// Where an endpoint finds the subject of a request: a route value, a header or a claim of the user.
/// With a <c>kind</c>, a value without a kind is the identifier of that kind (route <c>{id}</c> = <c>8812</c>
/// with kind <c>user</c> checks <c>user:8812</c>) and a value with one (<c>Email:a@x.com</c>) keeps its own;
/// without a kind the value must be <c>kind:value</c>. The rules are the registry's and the gate's.
/// </summary>
public sealed class HeedSubjectSource
{
    private readonly Where _where;

    private HeedSubjectSource(Where where, string name, string? kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (kind is not null && !SubjectParser.IsValidKind(kind))
        {
            throw new ArgumentException($"'{kind}' is not a subject kind ([a-z][a-z0-9_]{{0,31}})", nameof(kind));
        }

        _where = where;
        Name = name;
        Kind = kind;
    }

    private enum Where
    {
        Route,
        Header,
        Claim,
    }

    /// <summary>The route value, header or claim type read.</summary>
    public string Name { get; }

    /// <summary>The subject kind prefixed to the value found, or null when the value is a full subject.</summary>
    public string? Kind { get; }

    /// <summary>Reads the subject from the route value <paramref name="name"/>.</summary>
    /// <param name="name">The route parameter, e.g. <c>id</c> in <c>/users/{id}</c>.</param>
    /// <param name="kind">The subject kind of the value, e.g. <c>user</c>; null if it is already <c>kind:value</c>.</param>
    /// <returns>The source.</returns>
    public static HeedSubjectSource FromRoute(string name, string? kind = null) => new(Where.Route, name, kind);

    /// <summary>Reads the subject from the request header <paramref name="name"/> (exactly one value).</summary>
    /// <param name="name">The header name.</param>
    /// <param name="kind">The subject kind of the value; null if it is already <c>kind:value</c>.</param>
    /// <returns>The source.</returns>
    public static HeedSubjectSource FromHeader(string name, string? kind = null) => new(Where.Header, name, kind);

    /// <summary>Reads the subject from the first claim of type <paramref name="type"/> of the signed-in user.</summary>
    /// <param name="type">The claim type, e.g. <c>sub</c>.</param>
    /// <param name="kind">The subject kind of the value; null if it is already <c>kind:value</c>.</param>
    /// <returns>The source.</returns>
    public static HeedSubjectSource FromClaim(string type, string? kind = null) => new(Where.Claim, type, kind);

    /// <summary>Describes the source for problem details, e.g. <c>route value 'id'</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => _where switch
    {
        Where.Route => $"route value '{Name}'",
        Where.Header => $"header '{Name}'",
        _ => $"claim '{Name}'",
    };

    /// <summary>The raw value, read with the gate's rules: several header values, a list or parameters are refused.</summary>
    internal RawSubject Read(HttpContext context) => _where switch
    {
        Where.Route => RawSubject.FromText(context.Request.RouteValues.TryGetValue(Name, out object? value) ? value?.ToString() : null),
        Where.Header => context.Request.Headers.TryGetValue(Name, out StringValues values) ? RawSubject.FromTexts(values) : RawSubject.None,
        _ => RawSubject.FromText(context.User.FindFirst(Name)?.Value),
    };
}
