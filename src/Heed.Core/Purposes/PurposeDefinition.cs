namespace Heed.Core.Purposes;

/// <summary>
/// One node of a taxonomy as data (the wire, the ledger): what <see cref="PurposeTaxonomy.FromNodes"/>
/// rebuilds the very same taxonomy from.
/// </summary>
/// <param name="Name">The dotted name; the root is <c>all</c>.</param>
/// <param name="Bit">The node's bit, or -1 for an essential node.</param>
/// <param name="Deprecated">Whether the node is deprecated.</param>
/// <param name="Successor">The purpose a deprecated node's opt-outs carry over to; null for none.</param>
public sealed record PurposeDefinition(string Name, int Bit, bool Deprecated = false, string? Successor = null);
