namespace Heed.Core.Tests.Purposes;

/// <summary>
/// The purpose rules (docs/architecture.md, "Semantics worth knowing") computed from dotted names alone, independent of
/// <see cref="Core.Purposes.PurposeTaxonomy"/>: the tree is given by the names.
/// </summary>
public static class NaivePurposes
{
    public const string All = "all";

    public static bool IsEssential(string name) => name == "essential" || name.StartsWith("essential.", StringComparison.Ordinal);

    /// <summary>True if <paramref name="ancestor"/> is <paramref name="node"/> or above it.</summary>
    public static bool IsAncestorOrSelf(string ancestor, string node) =>
        ancestor == All || ancestor == node || node.StartsWith(ancestor + ".", StringComparison.Ordinal);

    /// <summary>An opt-out of <paramref name="optedOut"/> denies a check of <paramref name="checkedPurpose"/>
    /// when it is the purpose, above it, or below it.</summary>
    public static bool Related(string optedOut, string checkedPurpose) =>
        IsAncestorOrSelf(optedOut, checkedPurpose) || IsAncestorOrSelf(checkedPurpose, optedOut);

    /// <summary>What a clear of <paramref name="cleared"/> removes: it and every node below it.</summary>
    public static bool ClearedBy(string optedOut, string cleared) => IsAncestorOrSelf(cleared, optedOut);
}
