namespace Heed.Storage.Ledger;

/// <summary>
/// One override as the ledger made it: its request (LSN, chain hash and body, which holds the whole scope),
/// and its approval and revocation once they happened. Whether it is active now depends on the clock too:
/// the registry computes that from <see cref="EndsAt"/>.
/// </summary>
public sealed record OverrideRow(
    string Id,
    long RequestLsn,
    byte[] RequestHash,
    string RequestBody,
    DateTimeOffset Requested,
    string? Service,
    string? EnforcementPoint,
    long TtlSeconds,
    long? ApproveLsn,
    string? ApprovedBy,
    DateTimeOffset? Approved,
    DateTimeOffset? EndsAt,
    long? RevokeLsn,
    string? RevokedBy,
    DateTimeOffset? Revoked);
