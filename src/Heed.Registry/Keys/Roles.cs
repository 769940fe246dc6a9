namespace Heed.Registry.Keys;

/// <summary>The roles of API keys (DESIGN §7). Admin may do everything.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Writer = "writer";
    public const string Enforcer = "enforcer";
    public const string Auditor = "auditor";

    public static IReadOnlyList<string> All { get; } = [Admin, Writer, Enforcer, Auditor];

    public static bool IsValid(string? role) => role is Admin or Writer or Enforcer or Auditor;
}
