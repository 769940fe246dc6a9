using Heed.Core.Json;
using Heed.Core.Purposes;
using Heed.Core.Schemas;
using Heed.Registry.Api;

namespace Heed.Registry.Schemas;

/// <summary>Validation of a registration; every problem is collected, not just the first.</summary>
public static class SchemaInput
{
    public const int MaxTypeLength = 256;
    public const int MaxPurposes = 64;
    public const int MaxDataSchemaLength = 2048;

    /// <summary>The version to register, or null with every problem in <paramref name="errors"/>.</summary>
    public static EventSchema? Validate(SchemaRegisterBody body, PurposeTaxonomy taxonomy, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(taxonomy);
        string? type = ValidateType(body.Type, errors);
        if (body.Version is not >= 1)
        {
            errors["version"] = ["the version is required: a decimal integer from 1, as events carry it in the schemaversion attribute"];
        }

        if (body.SubjectPointer is { } pointer && !(pointer.Length > 0 && JsonPointer.IsValid(pointer)))
        {
            errors["subjectPointer"] = [pointer.Length == 0
                ? "leave subjectPointer out for the CloudEvents subject attribute; give a JSON pointer (e.g. /user/id) for a subject inside data"
                : $"'{SubjectInput.Clip(pointer)}' is not a JSON pointer into data (RFC 6901, e.g. /user/id)"];
        }

        var purposes = new SortedSet<string>(StringComparer.Ordinal);
        if (body.Purposes is not { Count: > 0 } given)
        {
            errors["purposes"] = ["at least one purpose is required: what consumers process these events for; GET /v1/purposes lists them"];
        }
        else if (given.Count > MaxPurposes)
        {
            errors["purposes"] = [$"at most {MaxPurposes} purposes"];
        }
        else
        {
            for (int i = 0; i < given.Count; i++)
            {
                if (given[i] is { } name && taxonomy.TryGet(name, out Purpose purpose))
                {
                    purposes.Add(purpose.Name);
                }
                else
                {
                    errors[$"purposes[{i}]"] = [given[i] is null ? "the purpose is required" : $"unknown purpose '{SubjectInput.Clip(given[i]!)}'; GET /v1/purposes lists them"];
                }
            }
        }

        if (body.Dataschema is { } uri && (uri.Length > MaxDataSchemaLength || !Uri.TryCreate(uri, UriKind.Absolute, out _)))
        {
            errors["dataschema"] = [$"dataschema is an absolute URI of at most {MaxDataSchemaLength} characters, as the CloudEvents attribute is"];
        }

        return errors.Count > 0 ? null : new EventSchema(type!, body.Version!.Value, body.SubjectPointer, [.. purposes], SchemaStatus.Active, body.Dataschema);
    }

    /// <summary>A CloudEvents <c>type</c>: a non-empty string without control characters, of at most <see cref="MaxTypeLength"/>.</summary>
    public static string? ValidateType(string? type, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(type))
        {
            errors["type"] = ["the CloudEvents type is required, e.g. com.example.order.placed"];
            return null;
        }

        SubjectInput.ValidateText(type, MaxTypeLength, "type", errors);
        return errors.ContainsKey("type") ? null : type;
    }
}
