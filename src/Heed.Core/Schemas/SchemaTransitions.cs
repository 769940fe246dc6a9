namespace Heed.Core.Schemas;

/// <summary>
/// How a registered version's status and a type's minimum may change (docs/schemas.md, "Statuses and
/// minimums"). Status only moves forward: active → deprecated → retired, or active → retired; a retired
/// version is never accepted again, so there is no way back. A minimum is at least 1, at most the type's
/// highest registered version, and never lowered: once replicas acknowledged it, versions below it stay refused.
/// Setting the current minimum again is allowed (and changes nothing).
/// </summary>
public static class SchemaTransitions
{
    /// <summary>Null when <paramref name="current"/> (null: not registered) may move to <paramref name="next"/>.</summary>
    public static SchemaConflict? CheckStatus(string type, int version, EventSchema? current, SchemaStatus next)
    {
        if (next == SchemaStatus.Active)
        {
            return new SchemaConflict(SchemaConflictKind.Transition, "a version is active from its registration on; it can be deprecated or retired, never made active again");
        }

        if (current is null)
        {
            return new SchemaConflict(SchemaConflictKind.Unknown, $"version {version} of {type} is not registered");
        }

        if (current.Status >= next)
        {
            string why = current.Status == SchemaStatus.Retired ? "a retired version stays retired" : "it is deprecated already";
            return new SchemaConflict(SchemaConflictKind.Transition, $"version {version} of {type} is {Name(current.Status)}: {why}");
        }

        return null;
    }

    /// <summary>Null when <paramref name="type"/>'s minimum may become <paramref name="minVersion"/>, given its
    /// <paramref name="highest"/> registered version (null: an unknown type) and its current minimum (0: none).</summary>
    public static SchemaConflict? CheckMinimum(string type, int minVersion, EventSchema? highest, int current)
    {
        if (minVersion < 1)
        {
            return new SchemaConflict(SchemaConflictKind.Invalid, $"minimum {minVersion} is not a version: versions are decimal integers from 1");
        }

        if (highest is null)
        {
            return new SchemaConflict(SchemaConflictKind.Unknown, $"no version of {type} is registered");
        }

        if (minVersion > highest.Version)
        {
            return new SchemaConflict(SchemaConflictKind.Transition, $"minimum {minVersion} is above {type}'s highest registered version {highest.Version}: register it first");
        }

        return minVersion < current
            ? new SchemaConflict(SchemaConflictKind.Transition, $"{type}'s minimum is {current}; a minimum is never lowered")
            : null;
    }

    /// <summary>The status as the API, the ledger and the wire write it: active, deprecated, retired.</summary>
    public static string Name(SchemaStatus status) => status switch
    {
        SchemaStatus.Active => "active",
        SchemaStatus.Deprecated => "deprecated",
        _ => "retired",
    };

    /// <summary>Parses <see cref="Name"/>'s words; false for anything else.</summary>
    public static bool TryParseStatus(string? text, out SchemaStatus status)
    {
        (bool ok, status) = text switch
        {
            "active" => (true, SchemaStatus.Active),
            "deprecated" => (true, SchemaStatus.Deprecated),
            "retired" => (true, SchemaStatus.Retired),
            _ => (false, SchemaStatus.Active),
        };
        return ok;
    }
}
