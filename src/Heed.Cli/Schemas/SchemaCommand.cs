using System.CommandLine;

namespace Heed.Cli.Schemas;

/// <summary>
/// <c>heed schema register|list|deprecate|retire|minimum</c>: the schema registry of CloudEvents types
/// (docs/schemas.md). Writes need an admin key and answer once enforced, like an opt-out; list takes a writer,
/// enforcer or auditor key too.
/// </summary>
public static class SchemaCommand
{
    public static Command Create() => new("schema", "Register CloudEvents event versions, deprecate and retire them, and raise a type's minimum")
    {
        SchemaRegisterCommand.Create(),
        SchemaListCommand.Create(),
        SchemaStatusCommand.Deprecate(),
        SchemaStatusCommand.Retire(),
        SchemaMinimumCommand.Create(),
    };

    /// <summary>The path of a type: one percent-encoded segment, so a <c>/</c> in the type is <c>%2F</c>.</summary>
    public static string TypePath(string type) => $"v1/schemas/{Uri.EscapeDataString(type)}";

    /// <summary>What an acknowledged write's answer says, for people.</summary>
    public static string Acknowledgement(bool enforced, DateTimeOffset? enforcedAt, long lsn, string effect) => enforced
        ? $"Enforced at {enforcedAt:u} (LSN {lsn}): {effect}."
        : $"Not yet acknowledged by every enforcement point (LSN {lsn}; it is durable). 'heed schema list' shows it; enforcement points apply it as they catch up.";
}
