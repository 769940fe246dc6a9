using Heed.Registry.State;
using Heed.Storage.Ledger;

namespace Heed.Registry.Settings;

/// <summary>The current value of every setting, as the ledger made it. Changed only by the writer, in LSN order.</summary>
public sealed class RegistrySettings
{
    private volatile IReadOnlyDictionary<string, SettingRow> _rows = new Dictionary<string, SettingRow>(StringComparer.Ordinal);

    /// <summary>Whether the requester of an override may approve it too (<see cref="SettingNames.OverridesSingleApprover"/>).</summary>
    public bool SingleApprover => Value(SettingNames.OverridesSingleApprover) == "true";

    /// <summary>The setting's value: the last one set, else its default.</summary>
    public string Value(string name) => _rows.TryGetValue(name, out SettingRow? row) ? row.Value : SettingNames.Defaults[name];

    /// <summary>The entry that set <paramref name="name"/> last, or null while it has its default.</summary>
    public SettingRow? Find(string name) => _rows.GetValueOrDefault(name);

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
