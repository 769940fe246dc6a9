using Heed.Core.Purposes;
using Heed.Protocol.V1;

namespace Heed.Registry.Replication;

/// <summary>The taxonomy on the replication stream (docs/replication.md): every node in definition order, which
/// Welcome always carries and a change batch carries when its commits added or deprecated a purpose.</summary>
public static class TaxonomyMessages
{
    public static Taxonomy From(PurposeTaxonomy taxonomy)
    {
        var message = new Taxonomy();
        foreach (PurposeDefinition node in taxonomy.Definitions)
        {
            message.Purposes.Add(new PurposeNode { Name = node.Name, Bit = node.Bit, Deprecated = node.Deprecated, Successor = node.Successor ?? string.Empty });
        }

        return message;
    }
}
