using Heed.Core.Json;

namespace Heed.Gate.Policies;

/// <summary>A parsed <c>Heed.Subject</c>: <c>header:X-User-Id</c>, <c>query:uid</c>, <c>route:userId</c>,
/// <c>claim:sub</c> or <c>json:/user/id</c>.</summary>
public sealed record SubjectSource(SubjectLocation Location, string Name, JsonPointer? Field)
{
    /// <summary>Needs the body or token validation, so the request takes the async path.</summary>
    public bool IsAsync => Location is SubjectLocation.Claim or SubjectLocation.Json;

    public static bool TryParse(string? text, out SubjectSource source, out string error)
    {
        source = null!;
        error = string.Empty;
        int colon = text?.IndexOf(':') ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1)
        {
            error = $"'{text}' is not a subject source; use header:NAME, query:NAME, route:NAME, claim:NAME or json:/POINTER";
            return false;
        }

        string where = text[..colon];
        string name = text[(colon + 1)..];
        SubjectLocation? location = where switch
        {
            "header" => SubjectLocation.Header,
            "query" => SubjectLocation.Query,
            "route" => SubjectLocation.Route,
            "claim" => SubjectLocation.Claim,
            "json" => SubjectLocation.Json,
            _ => null,
        };
        if (location is null)
        {
            error = $"'{where}' is not a subject location; use header, query, route, claim or json";
            return false;
        }

        JsonPointer? field = null;
        if (location == SubjectLocation.Json && !JsonPointer.TryParse(name, out field))
        {
            error = $"'{name}' is not a JSON pointer (RFC 6901, e.g. /user/id)";
            return false;
        }

        source = new SubjectSource(location.Value, name, field);
        return true;
    }

    public override string ToString() => Location.ToString().ToLowerInvariant() + " '" + Name + "'";
}
