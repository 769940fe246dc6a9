namespace Heed.Registry.Api.Contracts;

/// <summary>
/// A subject's complete record, for a regulator (CCPA regulations §7101): every request, when and how it
/// came in, when it was enforced everywhere, and what the response was; with the subject's current opt-outs.
/// <paramref name="Checkpoint"/> is the signed checkpoint (a C2SP signed note, docs/audit.md) that every request's
/// <see cref="RequestRecord.Proof"/> leads to, so the record verifies without trusting the registry.
/// </summary>
public sealed record SubjectRecordResponse(string Subject, DateTimeOffset GeneratedAt, long Head, List<OptOutView> OptOuts, List<RequestRecord> Requests, string Checkpoint);

/// <summary>One request of a subject, as the ledger entry <paramref name="Lsn"/> holds it.</summary>
/// <param name="Request"><c>opt-out</c> or <c>clear</c>.</param>
/// <param name="ReceivedAt">When the registry received it (the entry's time).</param>
/// <param name="Source">How it came in, e.g. <c>gpc</c>, <c>preference-center</c>, <c>import</c>.</param>
/// <param name="EnforcedAt">When every enforcement point had applied it or lost its lease; null when not recorded.</param>
/// <param name="Response">What the subject's data is for that purpose since: <c>opted_out</c> or <c>allowed</c>.</param>
/// <param name="Proof">The entry's leaf and its inclusion proof in the tree of the record's checkpoint; null only for an
/// entry committed after that checkpoint was signed (ask again).</param>
public sealed record RequestRecord(
    long Lsn,
    string Request,
    string Purpose,
    DateTimeOffset ReceivedAt,
    string? Source,
    string? Jurisdiction,
    string? Evidence,
    DateTimeOffset? EnforcedAt,
    string Response,
    EntryProof? Proof = null);

/// <summary>
/// How an entry is in the audit log: <paramref name="Leaf"/> is its leaf bytes (base64; canonical JSON of the entry,
/// docs/audit.md), whose leaf hash SHA-256(0x00 ‖ leaf) and <paramref name="Hashes"/> (base64, RFC 9162 §2.1.3)
/// lead to the root of the tree of <paramref name="TreeSize"/> entries.
/// </summary>
public sealed record EntryProof(long LeafIndex, long TreeSize, string Leaf, List<string> Hashes);
