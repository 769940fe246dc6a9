using FsCheck;
using FsCheck.Fluent;

namespace Heed.Core.Tests.Purposes;

/// <summary>Random purpose trees of valid names, some nodes under <c>essential</c>.</summary>
public static class TaxonomyGenerators
{
    private const int MaxDepth = 6;

    public static Gen<string> Segment =>
        from length in Gen.Choose(1, 6)
        from first in Gen.Elements("abcdefghijklmnopqrstuvwxyz".ToCharArray())
        from rest in Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789_".ToCharArray()).ArrayOf(length - 1)
        select first + new string(rest);

    /// <summary>A tree of up to <paramref name="maxOptOutable"/> nodes that can be opted out of (the root
    /// takes one more bit) and up to <paramref name="maxEssential"/> essential nodes.</summary>
    public static Gen<TaxonomySpec> Taxonomy(int maxOptOutable = 63, int maxEssential = 6) =>
        Extend(new TaxonomySpec([], []), maxOptOutable, maxEssential);

    /// <summary>Adds nodes to <paramref name="spec"/>, appending their names, so every old node keeps its bit.</summary>
    public static Gen<TaxonomySpec> Extend(TaxonomySpec spec, int maxOptOutable, int maxEssential) =>
        from optOutable in Gen.Choose(spec.Nodes.Count == 0 ? 1 : 0, maxOptOutable)
        from essential in Gen.Choose(0, maxEssential)
        from picks in Gen.Choose(0, 10_000).ArrayOf(optOutable + essential)
        from segments in Segment.ArrayOf(optOutable + essential)
        from onlyLeaves in Gen.Elements(true, false)
        let nodes = Grow(spec.Nodes, picks, segments, optOutable)
        let added = nodes.Skip(spec.Nodes.Count).ToArray()
        from order in Gen.Shuffle(onlyLeaves ? Leaves(added, nodes) : added)
        from withAll in Gen.Frequency((1, Gen.Constant(true)), (9, Gen.Constant(false)))
        select new TaxonomySpec(nodes, [.. spec.CreateNames, .. order, .. withAll ? new[] { "all" } : []]);

    private static List<string> Grow(IReadOnlyList<string> existing, int[] picks, string[] segments, int optOutable)
    {
        var nodes = new List<string>(existing);
        var names = new HashSet<string>(existing, StringComparer.Ordinal) { NaivePurposes.All };
        for (int i = 0; i < picks.Length; i++)
        {
            bool essential = i >= optOutable;
            List<string> parents = nodes.Where(n => NaivePurposes.IsEssential(n) == essential && n.Count(c => c == '.') < MaxDepth).ToList();
            string parent = essential
                ? parents.Count == 0 ? "essential" : parents[picks[i] % parents.Count]
                : PickParent(parents, picks[i]);
            string name = parent.Length == 0 ? segments[i] : parent + "." + segments[i];
            while (names.Contains(name) || (parent.Length == 0 && name is "essential" or "all"))
            {
                name += "_" + i;
            }

            if (essential && !names.Contains("essential"))
            {
                names.Add("essential");
                nodes.Add("essential");
                if (name == "essential")
                {
                    continue;
                }
            }

            names.Add(name);
            nodes.Add(name);
        }

        return nodes;
    }

    private static string PickParent(List<string> parents, int pick)
    {
        int index = pick % (parents.Count + 1);
        return index == parents.Count ? "" : parents[index];
    }

    private static string[] Leaves(string[] added, List<string> nodes) =>
        added.Where(a => !nodes.Any(n => n.StartsWith(a + ".", StringComparison.Ordinal))).ToArray();
}
