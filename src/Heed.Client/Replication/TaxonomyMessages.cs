using Heed.Core.Purposes;
using Heed.Protocol.V1;

namespace Heed.Client.Replication;

/// <summary>
/// The registry's taxonomy, which a replica answers from instead of a compiled copy (docs/replication.md):
/// masks are bit sets, so a replica must hold exactly the registry's bits. One that cannot be built is refused.
/// </summary>
internal static class TaxonomyMessages
{
    /// <exception cref="HeedRefusedException">The message is missing or does not describe a valid taxonomy.</exception>
    public static PurposeTaxonomy ToCore(Taxonomy? message)
    {
        if (message is null || message.Purposes.Count == 0)
        {
            throw new HeedRefusedException("the registry sent no purpose taxonomy; it is older than this replica (protocol version 2)");
        }

        try
        {
            return PurposeTaxonomy.FromNodes(message.Purposes.Select(n =>
                new PurposeDefinition(n.Name, n.Bit, n.Deprecated, n.Successor.Length == 0 ? null : n.Successor)));
        }
        catch (ArgumentException ex)
        {
            throw new HeedRefusedException("the registry's purpose taxonomy is invalid: " + ex.Message);
        }
    }
}
