using Heed.Core.Schemas;
using Heed.Protocol.V1;
using WireSchema = Heed.Protocol.V1.EventSchema;

namespace Heed.Protocol;

/// <summary>
/// The schema registry on the wire (<see cref="SchemaSet"/>, in <c>Welcome.schemas</c> and
/// <c>ChangeBatch.schemas</c>) and back: the registry sends its catalog whole, a replica replaces its own with it.
/// </summary>
public static class SchemaSets
{
    /// <summary>The whole catalog as a message: each type with its minimum and its versions in order.</summary>
    public static SchemaSet ToMessage(SchemaCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var set = new SchemaSet();
        foreach (IGrouping<string, Core.Schemas.EventSchema> type in catalog.Versions.GroupBy(v => v.Type, StringComparer.Ordinal))
        {
            var message = new EventType { Type = type.Key, MinVersion = (uint)catalog.MinimumVersion(type.Key) };
            foreach (Core.Schemas.EventSchema v in type)
            {
                var version = new WireSchema
                {
                    Version = (uint)v.Version,
                    SubjectPointer = v.SubjectPointer ?? string.Empty,
                    Status = SchemaTransitions.Name(v.Status),
                    Dataschema = v.DataSchema ?? string.Empty,
                };
                version.Purposes.AddRange(v.Purposes);
                message.Versions.Add(version);
            }

            set.Types_.Add(message);
        }

        return set;
    }

    /// <summary>
    /// The catalog a message describes; empty for a missing set (every event is then refused as an unknown type).
    /// Fails closed on what this build does not understand: a status word it does not know reads as retired, and a
    /// version or minimum beyond <see cref="int.MaxValue"/> is left out (a minimum: clamped, refusing everything).
    /// </summary>
    public static SchemaCatalog ToCatalog(SchemaSet? set)
    {
        if (set is null)
        {
            return SchemaCatalog.Empty;
        }

        var versions = new List<Core.Schemas.EventSchema>();
        var minimums = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (EventType type in set.Types_)
        {
            minimums[type.Type] = (int)Math.Min(type.MinVersion, int.MaxValue);
            foreach (WireSchema v in type.Versions.Where(v => v.Version is >= 1 and <= int.MaxValue))
            {
                SchemaStatus status = SchemaTransitions.TryParseStatus(v.Status, out SchemaStatus known) ? known : SchemaStatus.Retired;
                versions.Add(new Core.Schemas.EventSchema(
                    type.Type,
                    (int)v.Version,
                    v.SubjectPointer.Length == 0 ? null : v.SubjectPointer,
                    [.. v.Purposes],
                    status,
                    v.Dataschema.Length == 0 ? null : v.Dataschema));
            }
        }

        return new SchemaCatalog(versions, minimums);
    }
}
