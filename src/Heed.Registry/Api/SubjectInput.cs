using Heed.Core.Purposes;
using Heed.Core.Subjects;
using Heed.Storage.Ledger;

namespace Heed.Registry.Api;

/// <summary>Validation of the subject and purpose of a write; every problem is collected, not just the first.</summary>
public static class SubjectInput
{
    public const int MaxSourceLength = 256;
    public const int MaxEvidenceLength = 4096;

    public static string? ValidateSubject(string? raw, string field, Dictionary<string, string[]> errors)
    {
        if (raw is null)
        {
            errors[field] = ["the subject is required"];
            return null;
        }

        SubjectError error = SubjectParser.TryNormalize(raw, out string canonical);
        if (error != SubjectError.None)
        {
            errors[field] = [SubjectErrors.Describe(error)];
            return null;
        }

        return canonical;
    }

    /// <summary>Resolves a purpose that can be opted out of. Essential purposes are reported in <paramref name="essential"/>.</summary>
    public static Purpose? ValidatePurpose(PurposeTaxonomy taxonomy, string? raw, string field, Dictionary<string, string[]> errors, List<string>? essential = null)
    {
        if (raw is null)
        {
            errors[field] = ["the purpose is required"];
            return null;
        }

        if (!taxonomy.TryGet(raw, out Purpose purpose))
        {
            errors[field] = [PurposeNames.IsValid(raw) ? $"unknown purpose '{Clip(raw)}'; GET /v1/purposes lists them" : "a purpose is dotted lower-case names, e.g. marketing.communications.email"];
            return null;
        }

        if (purpose.IsEssential)
        {
            essential?.Add(purpose.Name);
            errors[field] = [$"'{purpose.Name}' is essential and cannot be opted out of"];
            return null;
        }

        return purpose;
    }

    /// <summary>Why an opt-out of a deprecated purpose is refused (its clear is not: re-consent stays possible), or null.</summary>
    public static string? RefuseDeprecatedSet(string kind, Purpose purpose) => kind != EntryKinds.OptOutSet || !purpose.IsDeprecated
        ? null
        : purpose.Successor is { } successor
            ? $"'{purpose.Name}' is deprecated; opt out of its successor '{successor}' instead"
            : $"'{purpose.Name}' is deprecated and takes no new opt-outs";

    public static void ValidateText(string? value, int max, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > max)
        {
            errors[field] = [$"at most {max} characters"];
        }
        else if (value.Any(char.IsControl))
        {
            errors[field] = ["control characters are not allowed"];
        }
    }

    public static string Clip(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
