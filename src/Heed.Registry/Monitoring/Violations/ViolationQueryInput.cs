using System.Globalization;
using Heed.Registry.Api;

namespace Heed.Registry.Monitoring.Violations;

/// <summary>Validation of the query of <c>GET /v1/violations</c>: every problem is collected, named by its parameter.</summary>
public static class ViolationQueryInput
{
    public const int DefaultLimit = 100;

    /// <summary>The filter, or null with <paramref name="errors"/> filled. <paramref name="known"/> says whether a
    /// violation id exists (the <c>before</c> cursor must name one).</summary>
    public static ViolationFilter? Validate(string? service, string? kind, string? from, string? to, string? subject, string? limit, string? before, Func<string, bool> known, Dictionary<string, string[]> errors)
    {
        if (kind is not null && !ViolationKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            errors["kind"] = [$"unknown kind; one of {string.Join(", ", ViolationKinds.All)}"];
        }

        if (service is { Length: 0 })
        {
            errors["service"] = ["a service name, or leave it out"];
        }

        DateTimeOffset? start = Time(from, "from", errors);
        DateTimeOffset? end = Time(to, "to", errors);
        if (start is { } s && end is { } e && e < s)
        {
            errors["to"] = ["must not be before from"];
        }

        string? canonical = subject is null ? null : SubjectInput.ValidateSubject(subject, "subject", errors);
        int size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > ViolationLog.MaxLimit))
        {
            errors["limit"] = [$"must be a whole number from 1 to {ViolationLog.MaxLimit}"];
        }

        if (before is not null && !known(before))
        {
            errors["before"] = ["no such violation: use the next cursor of a page"];
        }

        return errors.Count > 0 ? null : new ViolationFilter(service, kind, start, end, canonical, size, before);
    }

    // RFC 3339 with an offset (2026-12-04T15:00:00Z); a time without one is ambiguous and refused.
    private static DateTimeOffset? Time(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        bool hasOffset = value.EndsWith('Z') || value.EndsWith('z') || (value.Length > 6 && value[^6] is '+' or '-' && value[^3] == ':');
        if (!hasOffset || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out DateTimeOffset at))
        {
            errors[name] = ["an RFC 3339 time with an offset, e.g. 2026-12-04T15:00:00Z"];
            return null;
        }

        return at;
    }
}
