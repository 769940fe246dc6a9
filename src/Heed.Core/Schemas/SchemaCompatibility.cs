using Heed.Core.Json;

namespace Heed.Core.Schemas;

/// <summary>
/// The registration rule (docs/schemas.md, "Compatibility"). A version number is at least 1 and above
/// every version of its type registered so far; versions are never re-registered or edited. A new version
/// of a registered type keeps the subject where the highest registered version has it (the same JSON
/// pointer, or the <c>subject</c> attribute for both) and declares every purpose that version declared
/// (it may add purposes, never drop one). A change that breaks either gets a new CloudEvents <c>type</c>,
/// as the CloudEvents primer advises: otherwise an enforcement point could look for the subject in the
/// wrong place, or let an event through for a purpose its consumers still process it for.
/// </summary>
public static class SchemaCompatibility
{
    /// <summary>Null when <paramref name="next"/> may follow <paramref name="highest"/> (the type's highest
    /// registered version, or null for a new type); otherwise what is wrong.</summary>
    public static SchemaConflict? Check(EventSchema? highest, EventSchema next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.Version < 1)
        {
            return new SchemaConflict(SchemaConflictKind.Invalid, $"version {next.Version} is not a version: versions are decimal integers from 1");
        }

        if (!next.SubjectIsAttribute && !(JsonPointer.TryParse(next.SubjectPointer, out JsonPointer pointer) && !pointer.IsWholeDocument))
        {
            return new SchemaConflict(SchemaConflictKind.Invalid, $"subject pointer \"{next.SubjectPointer}\" is not a JSON pointer into data (RFC 6901, e.g. /user/id)");
        }

        if (next.Purposes.Count == 0)
        {
            return new SchemaConflict(SchemaConflictKind.Invalid, "a version declares at least one purpose its events are processed for");
        }

        if (highest is null)
        {
            return null;
        }

        if (next.Version <= highest.Version)
        {
            string what = next.Version == highest.Version ? "is registered already" : $"is below the highest registered version {highest.Version}";
            return new SchemaConflict(
                SchemaConflictKind.NotNew,
                $"version {next.Version} of {next.Type} {what}; versions are never re-registered or edited: register version {highest.Version + 1}");
        }

        if (!string.Equals(Location(highest), Location(next), StringComparison.Ordinal))
        {
            return new SchemaConflict(
                SchemaConflictKind.Incompatible,
                $"version {next.Version} of {next.Type} moves the subject from {Describe(highest)} to {Describe(next)}; a breaking change gets a new type");
        }

        string[] dropped = [.. highest.Purposes.Where(p => !next.Purposes.Contains(p, StringComparer.Ordinal))];
        return dropped.Length == 0
            ? null
            : new SchemaConflict(
                SchemaConflictKind.Incompatible,
                $"version {next.Version} of {next.Type} narrows the purposes of version {highest.Version}: it drops {string.Join(", ", dropped)}; a breaking change gets a new type");
    }

    private static string Location(EventSchema schema) => schema.SubjectIsAttribute ? string.Empty : schema.SubjectPointer!;

    private static string Describe(EventSchema schema) => schema.SubjectIsAttribute ? "the subject attribute" : $"data pointer {schema.SubjectPointer}";
}
