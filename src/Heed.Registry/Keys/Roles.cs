namespace Heed.Registry.Keys;

/// <summary>
/// The roles of API keys. Admin may do everything; <c>recorder</c> may only record opt-outs from its own
/// source (<c>gpc</c>) of the purposes Global Privacy Control maps to, which is all a gate needs.
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Writer = "writer";
    public const string Enforcer = "enforcer";
    public const string Auditor = "auditor";
    public const string Recorder = "recorder";

    public static IReadOnlyList<string> All { get; } = [Admin, Writer, Enforcer, Auditor, Recorder];

    public static bool IsValid(string? role) => role is Admin or Writer or Enforcer or Auditor or Recorder;
}
