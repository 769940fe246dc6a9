namespace Heed.Core.Purposes;

// stub until taxcore merges: thin wrappers around Create, so the registry and replicas can be built and
// tested against the shapes.md API. taxcore's implementation replaces this file.
public sealed partial class PurposeTaxonomy
{
    private IReadOnlyList<(string Name, string? Successor)> _deprecations = [];

    /// <summary>Every node for the wire, in definition order. // stub until taxcore merges</summary>
    public IReadOnlyList<PurposeDefinition> Nodes => [.. All.Select(p => new PurposeDefinition(p.Name, p.Bit, p.IsDeprecated, p.Successor))];

    /// <summary>A new taxonomy with <paramref name="name"/> (and any missing parent) added; old bits kept. // stub until taxcore merges</summary>
    public PurposeTaxonomy Add(string name)
    {
        if (TryGet(name, out _))
        {
            throw new ArgumentException($"purpose '{name}' already exists", nameof(name));
        }

        return Rebuild([.. All.Skip(1).Select(p => p.Name), name], _deprecations);
    }

    /// <summary>A new taxonomy with <paramref name="name"/> deprecated in favour of <paramref name="successor"/>. // stub until taxcore merges</summary>
    public PurposeTaxonomy Deprecate(string name, string? successor)
    {
        if (!TryGet(name, out Purpose purpose) || purpose == Root || purpose.IsEssential || purpose.IsDeprecated)
        {
            throw new ArgumentException($"purpose '{name}' cannot be deprecated", nameof(name));
        }

        if (successor is not null && (!TryGet(successor, out Purpose next) || next == Root || next.IsEssential || next.IsDeprecated || next == purpose))
        {
            throw new ArgumentException($"'{successor}' cannot succeed '{name}'", nameof(successor));
        }

        return Rebuild(All.Skip(1).Select(p => p.Name), [.. _deprecations, (name, successor)]);
    }

    /// <summary>The taxonomy a registry sent; checks parents come first and bits are the ones this build assigns. // stub until taxcore merges</summary>
    public static PurposeTaxonomy FromNodes(IEnumerable<PurposeDefinition> nodes)
    {
        List<PurposeDefinition> list = [.. nodes];
        if (list.Count == 0 || list[0].Name != PurposeNames.All)
        {
            throw new ArgumentException("a taxonomy starts with its root 'all'", nameof(nodes));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { PurposeNames.All };
        foreach (PurposeDefinition node in list.Skip(1))
        {
            int dot = node.Name.LastIndexOf('.');
            string parent = dot < 0 ? PurposeNames.All : node.Name[..dot];
            if (!PurposeNames.IsValid(node.Name) || !seen.Contains(parent) || !seen.Add(node.Name))
            {
                throw new ArgumentException($"node '{node.Name}' is invalid, repeated or comes before its parent", nameof(nodes));
            }
        }

        PurposeTaxonomy built = Rebuild(
            list.Skip(1).Select(n => n.Name),
            [.. list.Where(n => n.Deprecated).Select(n => (n.Name, string.IsNullOrEmpty(n.Successor) ? null : n.Successor))]);
        for (int i = 0; i < list.Count; i++)
        {
            if (built.All[i].Bit != list[i].Bit)
            {
                throw new ArgumentException($"node '{list[i].Name}' has bit {list[i].Bit}, not {built.All[i].Bit}", nameof(nodes));
            }
        }

        return built;
    }

    private static PurposeTaxonomy Rebuild(IEnumerable<string> names, IReadOnlyList<(string Name, string? Successor)> deprecations)
    {
        PurposeTaxonomy taxonomy = Create(names);
        foreach ((string name, string? successor) in deprecations)
        {
            Purpose old = taxonomy._byName[name];
            old.IsDeprecated = true;
            old.Successor = successor;
            if (successor is null)
            {
                continue;
            }

            Purpose next = taxonomy._byName[successor];
            ulong oldBit = 1UL << old.Bit;
            old.CheckMask |= next.CheckMask;
            next.SubtreeMask |= oldBit;
            foreach (Purpose p in taxonomy.All.Where(next.IsAncestorOrSelfOf))
            {
                p.CheckMask |= oldBit;
            }
        }

        taxonomy._deprecations = deprecations;
        return taxonomy;
    }
}
