namespace Heed.Core.Purposes;

/// <summary>The rules a taxonomy's definitions follow, checked when one arrives as data.</summary>
internal static class TaxonomyDefinitions
{
    /// <summary>Every rule <paramref name="definitions"/> breaks; empty when it is a valid taxonomy.</summary>
    public static IReadOnlyList<string> Validate(List<PurposeDefinition> definitions)
    {
        var errors = new List<string>();
        if (definitions.Count == 0 || definitions[0] is not { Name: PurposeNames.All, Bit: 0, Deprecated: false })
        {
            errors.Add("the first node must be the root 'all' with bit 0, not deprecated");
        }

        var byName = new Dictionary<string, PurposeDefinition>(StringComparer.Ordinal);
        var bits = new HashSet<int>();
        int optOutable = 0;
        foreach (PurposeDefinition d in definitions)
        {
            if (d is null)
            {
                errors.Add("a node is null");
                continue;
            }

            bool root = d.Name == PurposeNames.All;
            if (!root && !PurposeNames.IsValid(d.Name))
            {
                errors.Add($"'{d.Name}' is not a valid purpose name");
                continue;
            }

            if (!byName.TryAdd(d.Name, d))
            {
                errors.Add($"'{d.Name}' is defined twice");
                continue;
            }

            if (root && byName.Count > 1)
            {
                errors.Add("the root 'all' must come first");
            }

            if (!root && !byName.ContainsKey(PurposeTaxonomy.ParentName(d.Name)))
            {
                errors.Add($"'{d.Name}' comes before its parent '{PurposeTaxonomy.ParentName(d.Name)}'");
            }

            if (PurposeTaxonomy.IsEssentialName(d.Name))
            {
                if (d.Bit != -1)
                {
                    errors.Add($"'{d.Name}' is essential and must have bit -1, not {d.Bit}");
                }
            }
            else if (d.Bit < 0 || d.Bit > PurposeTaxonomy.MaxBit || d.Bit == PurposeBits.WideBit)
            {
                errors.Add($"'{d.Name}' has bit {d.Bit}: bits run 0 to {PurposeTaxonomy.MaxBit}, except 63");
            }
            else if (!bits.Add(d.Bit))
            {
                errors.Add($"bit {d.Bit} of '{d.Name}' is taken by another node");
            }
            else
            {
                optOutable++;
            }

            if (!d.Deprecated && d.Successor is not null)
            {
                errors.Add($"'{d.Name}' has a successor but is not deprecated");
            }
        }

        if (optOutable > PurposeTaxonomy.MaxPurposes)
        {
            errors.Add($"a taxonomy holds at most {PurposeTaxonomy.MaxPurposes} purposes that can be opted out of, not {optOutable}");
        }

        foreach (PurposeDefinition d in byName.Values.Where(d => d.Deprecated))
        {
            if (DeprecationError(d.Name, d.Successor, n => byName.TryGetValue(n, out PurposeDefinition? s) ? (PurposeTaxonomy.IsEssentialName(n), false) : null) is { } error)
            {
                errors.Add(error);
            }
            else if (InCycle(d, byName))
            {
                errors.Add($"the successors of '{d.Name}' lead back to it");
            }
        }

        return errors;
    }

    /// <summary>Why <paramref name="name"/> cannot be deprecated with <paramref name="successor"/>, or null.
    /// <paramref name="lookup"/> gives a known node's (essential, deprecated), null for an unknown one.</summary>
    public static string? DeprecationError(string name, string? successor, Func<string, (bool Essential, bool Deprecated)?> lookup)
    {
        if (name == PurposeNames.All)
        {
            return "the root 'all' cannot be deprecated";
        }

        if (PurposeTaxonomy.IsEssentialName(name))
        {
            return $"'{name}' is essential: it cannot be opted out of, so it cannot be deprecated";
        }

        if (successor is null)
        {
            return null;
        }

        if (successor == name)
        {
            return $"'{name}' cannot be its own successor";
        }

        if (successor.StartsWith(name + ".", StringComparison.Ordinal))
        {
            return $"the successor '{successor}' lies below '{name}'";
        }

        return lookup(successor) switch
        {
            null => $"the successor '{successor}' is not a purpose of this taxonomy",
            { Essential: true } => $"the successor '{successor}' is essential: opt-outs cannot carry over to it",
            { Deprecated: true } => $"the successor '{successor}' is itself deprecated",
            _ => null,
        };
    }

    private static bool InCycle(PurposeDefinition start, Dictionary<string, PurposeDefinition> byName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start.Name };
        for (string? next = start.Successor; next is not null; next = byName.TryGetValue(next, out PurposeDefinition? d) && d.Deprecated ? d.Successor : null)
        {
            if (!seen.Add(next))
            {
                return true;
            }
        }

        return false;
    }
}
