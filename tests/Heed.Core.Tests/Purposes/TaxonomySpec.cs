namespace Heed.Core.Tests.Purposes;

/// <summary>A generated purpose tree: every node's dotted name (without the <c>all</c> root), and the
/// names handed to <see cref="Core.Purposes.PurposeTaxonomy.Create"/> (all nodes, or only leaves, in
/// any order; intermediate nodes are then created by the taxonomy itself).</summary>
public sealed record TaxonomySpec(IReadOnlyList<string> Nodes, IReadOnlyList<string> CreateNames)
{
    public int OptOutableCount => Nodes.Count(n => !NaivePurposes.IsEssential(n));

    public override string ToString() => $"[{string.Join(", ", CreateNames)}]";
}
