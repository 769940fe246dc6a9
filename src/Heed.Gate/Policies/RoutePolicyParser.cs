using Heed.Core.Json;
using Heed.Core.Purposes;
using Heed.Core.Subjects;

namespace Heed.Gate.Policies;

/// <summary>
/// Turns a route's <c>Heed.*</c> metadata into a <see cref="RoutePolicy"/>, collecting every error. A route
/// without Heed metadata is an error, not a pass-through: an unenforced route would be a silent bypass (G5).
/// </summary>
public static class RoutePolicyParser
{
    private static readonly char[] ListSeparators = [','];

    public static RoutePolicy? Parse(string routeId, IReadOnlyDictionary<string, string>? metadata, bool jwtConfigured, List<string> errors)
    {
        int before = errors.Count;
        void Error(string message) => errors.Add($"route '{routeId}': {message}");

        metadata ??= new Dictionary<string, string>();
        foreach (string key in metadata.Keys)
        {
            if (key.StartsWith(MetadataKeys.Prefix, StringComparison.Ordinal) && !MetadataKeys.All.Contains(key))
            {
                Error($"unknown metadata key '{key}'; known: {string.Join(", ", MetadataKeys.All)}");
            }
        }

        bool cloudEvents = false;
        if (metadata.TryGetValue(MetadataKeys.CloudEvents, out string? cloudEventsText) && !bool.TryParse(cloudEventsText, out cloudEvents))
        {
            Error($"{MetadataKeys.CloudEvents} must be true or false, not '{cloudEventsText}'");
        }

        if (cloudEvents)
        {
            // Never a fallback to the route's own extraction: an event's schema version says where its subject
            // is and what it is used for, or the event is refused.
            foreach (string key in (string[])[MetadataKeys.Purposes, MetadataKeys.Subject, MetadataKeys.SubjectOptional, MetadataKeys.Redact])
            {
                if (metadata.ContainsKey(key))
                {
                    Error($"{key} does not apply with {MetadataKeys.CloudEvents} true: each event's schema version gives its purposes and subject");
                }
            }

            if (metadata.GetValueOrDefault(MetadataKeys.OnDeny) == "redact")
            {
                Error($"{MetadataKeys.OnDeny} redact does not apply with {MetadataKeys.CloudEvents} true; use block or drop");
            }
        }

        string[] purposes = List(metadata, MetadataKeys.Purposes);
        if (purposes.Length == 0 && !cloudEvents)
        {
            Error($"{MetadataKeys.Purposes} is required (every proxied route is enforced; there is no pass-through)");
        }

        foreach (string purpose in purposes)
        {
            if (!PurposeNames.IsValid(purpose))
            {
                Error($"'{purpose}' in {MetadataKeys.Purposes} is not a purpose name (dotted lower-case segments)");
            }
        }

        bool optional = false;
        if (metadata.TryGetValue(MetadataKeys.SubjectOptional, out string? optionalText) && !bool.TryParse(optionalText, out optional))
        {
            Error($"{MetadataKeys.SubjectOptional} must be true or false, not '{optionalText}'");
        }

        SubjectSource? subject = null;
        if (metadata.TryGetValue(MetadataKeys.Subject, out string? subjectText))
        {
            if (!SubjectSource.TryParse(subjectText, out subject, out string subjectError))
            {
                Error($"{MetadataKeys.Subject}: {subjectError}");
            }
            else if (subject.Location == SubjectLocation.Claim && !jwtConfigured)
            {
                Error($"{MetadataKeys.Subject} '{subjectText}' reads a JWT claim, but no Heed:Jwt signing key is configured");
            }
        }
        else if (!optional && !cloudEvents)
        {
            Error($"{MetadataKeys.Subject} is required unless {MetadataKeys.SubjectOptional} is true");
        }

        string? kind = metadata.GetValueOrDefault(MetadataKeys.SubjectKind);
        if (kind is not null && !SubjectParser.IsValidKind(kind))
        {
            Error($"{MetadataKeys.SubjectKind} '{kind}' is not a subject kind ([a-z][a-z0-9_]{{0,31}})");
        }

        DenyAction action = DenyAction.Block;
        if (metadata.TryGetValue(MetadataKeys.OnDeny, out string? actionText))
        {
            switch (actionText)
            {
                case "block": action = DenyAction.Block; break;
                case "drop": action = DenyAction.Drop; break;
                case "redact": action = DenyAction.Redact; break;
                default: Error($"{MetadataKeys.OnDeny} must be block, drop or redact, not '{actionText}'"); break;
            }
        }

        int status = 403;
        if (metadata.TryGetValue(MetadataKeys.DenyStatus, out string? statusText) && (!int.TryParse(statusText, out status) || status is not (403 or 451)))
        {
            Error($"{MetadataKeys.DenyStatus} must be 403 or 451, not '{statusText}'");
        }

        var headers = new List<string>();
        var fields = new List<JsonPointer>();
        foreach (string item in List(metadata, MetadataKeys.Redact))
        {
            if (item.StartsWith('/'))
            {
                if (JsonPointer.TryParse(item, out JsonPointer pointer))
                {
                    fields.Add(pointer);
                }
                else
                {
                    Error($"'{item}' in {MetadataKeys.Redact} is not a JSON pointer");
                }
            }
            else
            {
                headers.Add(item);
            }
        }

        if (action == DenyAction.Redact && headers.Count + fields.Count == 0 && !cloudEvents)
        {
            Error($"{MetadataKeys.OnDeny} redact needs {MetadataKeys.Redact}: a comma list of headers and JSON pointers");
        }
        else if (action != DenyAction.Redact && headers.Count + fields.Count > 0)
        {
            Error($"{MetadataKeys.Redact} applies only with {MetadataKeys.OnDeny} redact");
        }

        return errors.Count > before
            ? null
            : new RoutePolicy(routeId, purposes, subject, kind, optional, action, status, [.. headers], [.. fields], cloudEvents);
    }

    private static string[] List(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? text)
            ? text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
}
