using Heed.Core.Purposes;
using Heed.Registry.State;
using Heed.Storage.Ledger;

namespace Heed.Registry.Purposes;

/// <summary>
/// The taxonomy as the ledger makes it (docs/schemas.md, "Purposes"): the built-in
/// <see cref="DefaultTaxonomy.Leaves"/>, then every <c>purpose.add</c> and <c>purpose.deprecate</c> in LSN
/// order. Bits are assigned as nodes first appear, so replaying the same entries gives the same bits.
/// </summary>
public static class LedgerTaxonomy
{
    /// <summary>Rebuilds the taxonomy from the store's purpose rows, on start.</summary>
    public static PurposeTaxonomy Build(IReadOnlyList<PurposeRow> rows)
    {
        var changes = new List<(long Lsn, string Name, bool Add, string? Successor)>();
        foreach (PurposeRow row in rows)
        {
            if (row.AddLsn is { } added)
            {
                changes.Add((added, row.Name, true, null));
            }

            if (row.DeprecateLsn is { } deprecated)
            {
                changes.Add((deprecated, row.Name, false, row.Successor));
            }
        }

        PurposeTaxonomy taxonomy = PurposeTaxonomy.Create(DefaultTaxonomy.Leaves);
        foreach ((_, string name, bool add, string? successor) in changes.OrderBy(c => c.Lsn))
        {
            taxonomy = add ? taxonomy.Add(name) : taxonomy.Deprecate(name, successor);
        }

        return taxonomy;
    }

    /// <summary>The taxonomy after a committed purpose entry; any other entry leaves it as it is.</summary>
    public static PurposeTaxonomy Apply(PurposeTaxonomy taxonomy, LedgerEntry entry) => entry.Kind switch
    {
        EntryKinds.PurposeAdd => taxonomy.Add(CanonicalJson.Field(entry.Body, "name")!),
        EntryKinds.PurposeDeprecate => taxonomy.Deprecate(CanonicalJson.Field(entry.Body, "name")!, CanonicalJson.Field(entry.Body, "successor")),
        _ => taxonomy,
    };

    /// <summary>Whether these committed entries changed the taxonomy (a batch then ships it whole).</summary>
    public static bool Changes(IReadOnlyList<LedgerEntry> entries) =>
        entries.Any(e => e.Kind is EntryKinds.PurposeAdd or EntryKinds.PurposeDeprecate);
}
