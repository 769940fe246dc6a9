using Google.Protobuf;

namespace Heed.Client.Enforcement;

/// <summary>
/// Which history a replica's copy follows: the registry ledger's id and the chain hash of the entry at
/// the applied LSN. The replica says both in its Hello; a registry with another ledger, or another entry
/// at that LSN (a restore), sends a snapshot that replaces the copy.
/// </summary>
internal sealed record LedgerPosition(string LedgerId, ByteString ChainHash)
{
    /// <summary>A copy that follows nothing yet (LSN 0).</summary>
    public static LedgerPosition None { get; } = new(string.Empty, ByteString.Empty);
}
