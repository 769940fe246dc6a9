using System.Collections.Frozen;

namespace Heed.Core.Schemas;

/// <summary>
/// The schema registry as one immutable value: every registered version of every CloudEvents type, and
/// each type's minimum accepted version. Replaced whole when the registry's set changes.
/// </summary>
public sealed class SchemaCatalog
{
    private readonly FrozenDictionary<string, TypeEntry> _types;

    /// <summary>A catalog of <paramref name="versions"/>, with <paramref name="minimums"/> per type (absent: no minimum).</summary>
    public SchemaCatalog(IEnumerable<EventSchema> versions, IReadOnlyDictionary<string, int>? minimums = null)
    {
        var byType = new Dictionary<string, Dictionary<int, EventSchema>>(StringComparer.Ordinal);
        foreach (EventSchema v in versions)
        {
            if (!byType.TryGetValue(v.Type, out Dictionary<int, EventSchema>? list))
            {
                byType[v.Type] = list = [];
            }

            list[v.Version] = v;
        }

        _types = byType.ToFrozenDictionary(
            kv => kv.Key,
            kv => new TypeEntry(kv.Value.ToFrozenDictionary(), minimums?.GetValueOrDefault(kv.Key) ?? 0),
            StringComparer.Ordinal);
        Versions = [.. byType.Values.SelectMany(d => d.Values).OrderBy(v => v.Type, StringComparer.Ordinal).ThenBy(v => v.Version)];
    }

    /// <summary>No type registered: every event is refused as <see cref="SchemaRejection.UnknownType"/>.</summary>
    public static SchemaCatalog Empty { get; } = new([]);

    /// <summary>Every registered version, by type then version.</summary>
    public IReadOnlyList<EventSchema> Versions { get; }

    /// <summary>The minimum accepted version of <paramref name="type"/>; 0 when it has none.</summary>
    public int MinimumVersion(string type) => _types.TryGetValue(type, out TypeEntry? t) ? t.Minimum : 0;

    /// <summary>The highest registered version of <paramref name="type"/>, whatever its status; null for an unknown type.</summary>
    public EventSchema? Highest(string type) =>
        _types.TryGetValue(type, out TypeEntry? t) ? t.Versions.Values.MaxBy(v => v.Version) : null;

    /// <summary>Null when <paramref name="next"/> may be registered now; otherwise why not (see <see cref="SchemaCompatibility"/>).</summary>
    public SchemaConflict? CheckCompatible(EventSchema next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return SchemaCompatibility.Check(Highest(next.Type), next);
    }

    /// <summary>The version an event of <paramref name="type"/> and <paramref name="version"/> may be processed
    /// under, or why there is none.</summary>
    public SchemaResolution Resolve(string type, int version)
    {
        if (!_types.TryGetValue(type, out TypeEntry? t))
        {
            return new SchemaResolution(SchemaRejection.UnknownType, null);
        }

        if (!t.Versions.TryGetValue(version, out EventSchema? schema))
        {
            return new SchemaResolution(SchemaRejection.UnknownVersion, null);
        }

        if (schema.Status == SchemaStatus.Retired)
        {
            return new SchemaResolution(SchemaRejection.Retired, schema);
        }

        return version < t.Minimum
            ? new SchemaResolution(SchemaRejection.BelowMinimum, schema)
            : new SchemaResolution(SchemaRejection.None, schema);
    }

    private sealed record TypeEntry(FrozenDictionary<int, EventSchema> Versions, int Minimum);
}
