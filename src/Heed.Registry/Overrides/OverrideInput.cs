using Heed.Core.Purposes;
using Heed.Registry.Api;

namespace Heed.Registry.Overrides;

/// <summary>Validation of an override request; every problem is collected, not just the first.</summary>
public static class OverrideInput
{
    public const int MaxPurposes = 64;
    public const int MaxSubjects = 1000;
    public const int MaxReasonLength = 1024;
    public const int MaxScopeLength = 128;

    /// <summary>The validated request, or null when <paramref name="errors"/> holds why not.</summary>
    public static (OverrideScope Scope, long TtlSeconds, string Reason)? Validate(OverrideRequestBody body, PurposeTaxonomy taxonomy, TimeSpan maxTtl, Dictionary<string, string[]> errors)
    {
        string? service = Scope(body.Service, "service", errors);
        string? point = Scope(body.EnforcementPoint, "enforcementPoint", errors);
        if ((service is null) == (point is null) && !errors.ContainsKey("service") && !errors.ContainsKey("enforcementPoint"))
        {
            errors["service"] = ["give exactly one of 'service' and 'enforcementPoint'"];
        }

        bool reportOnly = body.ReportOnly ?? false;
        List<string?> purposes = body.Purposes is { Count: > 0 } given ? given : reportOnly ? [PurposeNames.All] : [];
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (purposes.Count == 0)
        {
            errors["purposes"] = ["at least one purpose is required; GET /v1/purposes lists them"];
        }
        else if (purposes.Count > MaxPurposes)
        {
            errors["purposes"] = [$"at most {MaxPurposes} purposes"];
        }
        else
        {
            for (int i = 0; i < purposes.Count; i++)
            {
                // Essential purposes are refused as for an opt-out: they are always allowed, there is nothing to override.
                if (SubjectInput.ValidatePurpose(taxonomy, purposes[i], $"purposes[{i}]", errors) is { } purpose)
                {
                    names.Add(purpose.Name);
                }
            }
        }

        var subjects = new SortedSet<string>(StringComparer.Ordinal);
        if (body.Subjects is { Count: > MaxSubjects })
        {
            errors["subjects"] = [$"at most {MaxSubjects} subjects; without a list the override covers every subject"];
        }
        else if (body.Subjects is not null)
        {
            for (int i = 0; i < body.Subjects.Count; i++)
            {
                // The same canonical form as an opt-out's, so the override's subject keys are the table's.
                if (SubjectInput.ValidateSubject(body.Subjects[i], $"subjects[{i}]", errors) is { } canonical)
                {
                    subjects.Add(canonical);
                }
            }
        }

        long? ttl = OverrideTtl.Parse(body.Ttl, out string ttlProblem);
        if (ttl is null)
        {
            errors["ttl"] = [ttlProblem];
        }
        else if (ttl > (long)maxTtl.TotalSeconds)
        {
            errors["ttl"] = [$"the ttl is {ttl} s; the most this registry allows is {(long)maxTtl.TotalSeconds} s (Heed:Overrides:MaxTtl)"];
        }

        string reason = body.Reason?.Trim() ?? string.Empty;
        if (reason.Length == 0)
        {
            errors["reason"] = ["a reason is required: say why enforcement must be bypassed"];
        }
        else
        {
            SubjectInput.ValidateText(reason, MaxReasonLength, "reason", errors);
        }

        return errors.Count == 0 ? (new OverrideScope(service, point, [.. names], [.. subjects], reportOnly), ttl!.Value, reason) : null;
    }

    private static string? Scope(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        string trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            errors[field] = ["must not be empty"];
            return null;
        }

        SubjectInput.ValidateText(trimmed, MaxScopeLength, field, errors);
        return errors.ContainsKey(field) ? null : trimmed;
    }
}
