using System.Text.Json;
using Heed.Core.Replicas;
using Heed.Core.Schemas;
using Heed.Storage.Ledger;

namespace Heed.Registry.Schemas;

/// <summary>
/// The schema registry as the ledger made it (docs/schemas.md): every registered version with the entries
/// behind it, and each type's minimum. Its <see cref="Catalog"/> is the registry's own
/// <see cref="ReplicaState.Schemas"/>, the catalog replication ships. Changed only by the writer, in LSN order.
/// </summary>
public sealed class SchemaBook(ReplicaState replica)
{
    private volatile Contents _contents = new([], new Dictionary<string, SchemaMinimumRow>(StringComparer.Ordinal));

    /// <summary>The current catalog, replaced whole on each schema commit.</summary>
    public SchemaCatalog Catalog => replica.Schemas;

    /// <summary>Every registered version, by type (ordinal) then version.</summary>
    public IReadOnlyList<SchemaRow> Rows => _contents.Rows;

    /// <summary>The entry that set <paramref name="type"/>'s minimum last, or null while it has none.</summary>
    public SchemaMinimumRow? Minimum(string type) => _contents.Minimums.GetValueOrDefault(type);

    /// <summary>Rebuilds the book (and the catalog) from the store's tables.</summary>
    public void Load(IEnumerable<SchemaRow> rows, IEnumerable<SchemaMinimumRow> minimums) =>
        Replace([.. rows], minimums.ToDictionary(m => m.Type, StringComparer.Ordinal));

    /// <summary>Applies a committed <c>schema.*</c> entry. Writer only.</summary>
    public void Apply(LedgerEntry entry)
    {
        using JsonDocument doc = JsonDocument.Parse(entry.Body);
        JsonElement body = doc.RootElement;
        string type = body.GetProperty("type").GetString()!;
        Contents now = _contents;
        switch (entry.Kind)
        {
            case EntryKinds.SchemaRegister:
                var schema = new EventSchema(
                    type,
                    body.GetProperty("version").GetInt32(),
                    Text(body, "subjectPointer"),
                    [.. body.GetProperty("purposes").EnumerateArray().Select(p => p.GetString()!)],
                    SchemaStatus.Active,
                    Text(body, "dataschema"));
                Replace(
                    [.. now.Rows.Append(new SchemaRow(schema, entry.Lsn, entry.At, Text(body, "registeredBy"), null, null, null)).OrderBy(r => r.Schema.Type, StringComparer.Ordinal).ThenBy(r => r.Schema.Version)],
                    now.Minimums);
                break;
            case EntryKinds.SchemaStatus:
                int version = body.GetProperty("version").GetInt32();
                // The store refused any other word before the entry was committed.
                SchemaStatus status = SchemaTransitions.TryParseStatus(body.GetProperty("status").GetString(), out SchemaStatus parsed) ? parsed : SchemaStatus.Retired;
                Replace(
                    [.. now.Rows.Select(r => r.Schema.Type == type && r.Schema.Version == version
                        ? r with { Schema = r.Schema with { Status = status }, StatusLsn = entry.Lsn, StatusChanged = entry.At, StatusChangedBy = Text(body, "by") }
                        : r)],
                    now.Minimums);
                break;
            case EntryKinds.SchemaMinimum:
                Replace(now.Rows, new Dictionary<string, SchemaMinimumRow>(now.Minimums, StringComparer.Ordinal)
                {
                    [type] = new SchemaMinimumRow(type, body.GetProperty("minVersion").GetInt32(), entry.Lsn, entry.At, Text(body, "by")),
                });
                break;
        }
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private void Replace(IReadOnlyList<SchemaRow> rows, IReadOnlyDictionary<string, SchemaMinimumRow> minimums)
    {
        _contents = new Contents(rows, minimums);
        replica.Schemas = new SchemaCatalog(rows.Select(r => r.Schema), minimums.ToDictionary(m => m.Key, m => m.Value.MinVersion, StringComparer.Ordinal));
    }

    private sealed record Contents(IReadOnlyList<SchemaRow> Rows, IReadOnlyDictionary<string, SchemaMinimumRow> Minimums);
}
