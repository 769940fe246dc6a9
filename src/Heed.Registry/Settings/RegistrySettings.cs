using Heed.Protocol;
using Heed.Registry.State;
using Heed.Storage.Ledger;

namespace Heed.Registry.Settings;

/// <summary>The current value of every setting, as the ledger made it. Changed only by the writer, in LSN order.</summary>
/// <param name="minProtocolVersion">The configured protocol floor (<c>Heed:MinProtocolVersion</c>): the default of <see cref="SettingNames.ReplicationMinProtocolVersion"/>.</param>
public sealed class RegistrySettings(uint minProtocolVersion = ProtocolVersions.MinimumSupported)
{
    private volatile IReadOnlyDictionary<string, SettingRow> _rows = new Dictionary<string, SettingRow>(StringComparer.Ordinal);

    /// <summary>Every setting and its value while it was never set.</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; } = SettingNames.Defaults(minProtocolVersion);

    /// <summary>Whether the requester of an override may approve it too (<see cref="SettingNames.OverridesSingleApprover"/>).</summary>
    public bool SingleApprover => Value(SettingNames.OverridesSingleApprover) == "true";

    /// <summary>
    /// The oldest protocol version replicas may speak: the setting, never below the configured floor (which
    /// may have been raised since the setting was written) nor above the version this registry speaks (a
    /// value a newer build wrote, read by an older one).
    /// </summary>
    public uint MinProtocolVersion =>
        Math.Min(ProtocolVersions.Current, Math.Max(minProtocolVersion, SettingNames.ParseVersion(Value(SettingNames.ReplicationMinProtocolVersion)) ?? 0));

    /// <summary>The setting's value: the last one set, else its default.</summary>
    public string Value(string name) => _rows.TryGetValue(name, out SettingRow? row) ? row.Value : Defaults[name];

    /// <summary>The entry that set <paramref name="name"/> last, or null while it has its default.</summary>
    public SettingRow? Find(string name) => _rows.GetValueOrDefault(name);

    /// <summary>Null when <paramref name="value"/> is valid for <paramref name="name"/>; otherwise why not.</summary>
    public string? Problem(string name, string? value) => SettingNames.Problem(name, value, Defaults);

    public void Load(IEnumerable<SettingRow> rows) => _rows = rows.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>Applies a committed <c>setting.set</c>. Writer only.</summary>
    public void Apply(LedgerEntry entry)
    {
        string name = CanonicalJson.Field(entry.Body, "name")!;
        var rows = new Dictionary<string, SettingRow>(_rows, StringComparer.Ordinal)
        {
            [name] = new SettingRow(name, CanonicalJson.Field(entry.Body, "value")!, entry.Lsn, entry.At, CanonicalJson.Field(entry.Body, "setBy")),
        };
        _rows = rows;
    }
}
