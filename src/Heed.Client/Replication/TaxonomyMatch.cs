using Heed.Core.Purposes;

namespace Heed.Client.Replication;

/// <summary>
/// Checks that the registry's purpose bits (Welcome.purposes: the name of bit i at index i, "" where no
/// node owns a bit) are this replica's bits. Masks are bit sets, so a replica whose bit i means another
/// purpose would allow what the registry denies; it must not answer at all.
/// </summary>
internal static class TaxonomyMatch
{
    /// <summary>Returns null when they match, else what differs (the first few differences).</summary>
    public static string? Compare(PurposeTaxonomy local, IReadOnlyList<string> remote)
    {
        if (remote.Count == 0)
        {
            return "the registry sent no purpose taxonomy";
        }

        var problems = new List<string>();
        var localByBit = new Dictionary<int, string>();
        foreach (Purpose p in local.All)
        {
            if (p.Bit >= 0)
            {
                localByBit[p.Bit] = p.Name;
            }
        }

        for (int bit = 0; bit < remote.Count && problems.Count < 5; bit++)
        {
            string name = remote[bit];
            localByBit.TryGetValue(bit, out string? mine);
            if (name.Length == 0 ? mine is not null : mine != name)
            {
                problems.Add($"bit {bit} is '{Show(name)}' at the registry but '{Show(mine)}' here");
            }
        }

        foreach ((int bit, string name) in localByBit)
        {
            if (bit >= remote.Count && problems.Count < 5)
            {
                problems.Add($"bit {bit} ('{name}') is unknown to the registry");
            }
        }

        return problems.Count == 0
            ? null
            : "the registry's purpose taxonomy does not match this replica's: " + string.Join("; ", problems);
    }

    private static string Show(string? name) => string.IsNullOrEmpty(name) ? "(none)" : name;
}
