using System.Globalization;
using Heed.Protocol;

namespace Heed.Registry.Settings;

/// <summary>The registry's settings: values kept in the ledger (<c>setting.set</c>), so changing one is on the record.</summary>
public static class SettingNames
{
    /// <summary>"true": the admin who requested an override may approve it too. Off by default (two-person rule).</summary>
    public const string OverridesSingleApprover = "overrides.singleApprover";

    /// <summary>
    /// The oldest replication protocol version the registry serves, e.g. "2". It only raises
    /// <c>Heed:MinProtocolVersion</c> (its default, the floor at start); docs/replication.md.
    /// </summary>
    public const string ReplicationMinProtocolVersion = "replication.minProtocolVersion";

    /// <summary>Every setting and its value while it was never set, on a registry whose protocol floor is <paramref name="minProtocolVersion"/>.</summary>
    public static IReadOnlyDictionary<string, string> Defaults(uint minProtocolVersion = ProtocolVersions.MinimumSupported) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OverridesSingleApprover] = "false",
            [ReplicationMinProtocolVersion] = minProtocolVersion.ToString(CultureInfo.InvariantCulture),
        };

    /// <summary>Null when <paramref name="value"/> is valid for <paramref name="name"/>, given the settings' defaults; otherwise why not.</summary>
    public static string? Problem(string name, string? value, IReadOnlyDictionary<string, string> defaults) => name switch
    {
        OverridesSingleApprover when value is "true" or "false" => null,
        OverridesSingleApprover => "the value must be \"true\" or \"false\"",
        ReplicationMinProtocolVersion => ProtocolProblem(value, ParseVersion(defaults[name]) ?? ProtocolVersions.MinimumSupported),
        _ => $"there is no setting '{name}'",
    };

    /// <summary>A protocol version written the one way the setting stores it (decimal, no sign, no leading zero), or null.</summary>
    public static uint? ParseVersion(string? value) =>
        uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uint version) && version.ToString(CultureInfo.InvariantCulture) == value
            ? version
            : null;

    private static string? ProtocolProblem(string? value, uint floor) => ParseVersion(value) switch
    {
        null => $"the value must be a protocol version, a whole number such as \"{ProtocolVersions.Current}\"",
        > ProtocolVersions.Current and var v => $"this registry speaks protocol version {ProtocolVersions.Current}: it cannot demand {v}",
        < 1 => "protocol versions start at 1",
        var v when v < floor => $"the registry's configured minimum is {floor} (Heed:MinProtocolVersion): the setting can raise the minimum, not lower it below that; {v} is lower",
        _ => null,
    };
}
