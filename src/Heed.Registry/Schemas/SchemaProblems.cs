using Heed.Checks.Http;
using Heed.Core.Schemas;
using Heed.Registry.Api;
using Microsoft.AspNetCore.Http;

namespace Heed.Registry.Schemas;

/// <summary>A <see cref="SchemaConflict"/> as its problem: 400 invalid, 404 unknown, 409 not new or a
/// transition that is not allowed, 422 an incompatible version (<c>…/problems/schema-incompatible</c>).</summary>
public static class SchemaProblems
{
    public static IResult Of(SchemaConflict conflict, string field)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return conflict.Kind switch
        {
            SchemaConflictKind.Invalid => Problems.BadRequest("the schema change is invalid", new Dictionary<string, string[]> { [field] = [conflict.Detail] }),
            SchemaConflictKind.Unknown => Problems.NotFound(conflict.Detail),
            SchemaConflictKind.Incompatible => ApiProblems.Make(
                StatusCodes.Status422UnprocessableEntity,
                "schema-incompatible",
                "The version breaks compatibility with the type's highest version: a breaking change gets a new type",
                conflict.Detail),
            _ => Problems.Conflict(conflict.Detail),
        };
    }
}
