namespace Heed.Registry.Settings;

/// <summary>The registry's settings: values kept in the ledger (<c>setting.set</c>), so changing one is on the record.</summary>
public static class SettingNames
{
    /// <summary>"true": the admin who requested an override may approve it too. Off by default (two-person rule).</summary>
    public const string OverridesSingleApprover = "overrides.singleApprover";

    /// <summary>Every setting and its value while it was never set.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [OverridesSingleApprover] = "false",
    };

    /// <summary>Null when <paramref name="value"/> is valid for <paramref name="name"/>; otherwise why not.</summary>
    public static string? Problem(string name, string? value) => name switch
    {
        OverridesSingleApprover when value is "true" or "false" => null,
        OverridesSingleApprover => "the value must be \"true\" or \"false\"",
        _ => $"there is no setting '{name}'",
    };
}
