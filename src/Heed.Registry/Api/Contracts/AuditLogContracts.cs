namespace Heed.Registry.Api.Contracts;

/// <summary>The inclusion proof of the entry <paramref name="Lsn"/> (leaf <paramref name="LeafIndex"/> = LSN − 1) in the
/// tree of <paramref name="Size"/> entries; <paramref name="Hashes"/> are base64, from the leaf up.</summary>
public sealed record InclusionProofResponse(long Lsn, long Size, long LeafIndex, List<string> Hashes);

/// <summary>The consistency proof from the tree of <paramref name="From"/> entries to the tree of <paramref name="To"/>; base64 hashes.</summary>
public sealed record ConsistencyProofResponse(long From, long To, List<string> Hashes);

/// <summary>Ledger entries in LSN order, exactly as stored; <paramref name="Next"/> is the LSN to ask for next, or null at the head.</summary>
public sealed record AuditEntriesResponse(List<AuditEntryView> Entries, long? Next);

/// <summary>One entry: <paramref name="At"/> in unix milliseconds and <paramref name="Body"/> as the stored text, so a
/// verifier can rebuild its leaf bytes exactly; <paramref name="PrevHash"/> and <paramref name="Hash"/> are the hex chain hashes.</summary>
public sealed record AuditEntryView(long Lsn, string Kind, string? Subject, string? Purpose, long At, string Body, string PrevHash, string Hash);
