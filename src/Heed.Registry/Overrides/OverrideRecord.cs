namespace Heed.Registry.Overrides;

/// <summary>One override as the ledger made it: its request and, once they happened, its approval and revocation.</summary>
public sealed record OverrideRecord(
    string Id,
    OverrideScope Scope,
    long TtlSeconds,
    string Reason,
    string? RequestedBy,
    DateTimeOffset RequestedAt,
    long RequestLsn,
    byte[] RequestHash)
{
    public long? ApproveLsn { get; init; }

    public string? ApprovedBy { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    public long? RevokeLsn { get; init; }

    public string? RevokedBy { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Approved and not revoked, whatever the clock says.</summary>
    public bool IsApproved => ApproveLsn is not null && RevokeLsn is null;

    /// <summary>Approved, not revoked, and before its end at <paramref name="now"/>: an end is exclusive.</summary>
    public bool IsActiveAt(DateTimeOffset now) => IsApproved && now < EndsAt;

    public string StateAt(DateTimeOffset now) =>
        RevokeLsn is not null ? OverrideStates.Revoked
        : ApproveLsn is null ? OverrideStates.Pending
        : now < EndsAt ? OverrideStates.Active
        : OverrideStates.Expired;
}
