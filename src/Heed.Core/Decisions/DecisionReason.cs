namespace Heed.Core.Decisions;

/// <summary>Why a check answered as it did. Only <see cref="Allowed"/>, <see cref="Essential"/> and
/// <see cref="Override"/> allow.</summary>
public enum DecisionReason : byte
{
    /// <summary>No opt-out covers the purpose: allowed.</summary>
    Allowed = 0,
    /// <summary>The subject opted out of the purpose or of a node above or below it; <see cref="Decision.Matched"/> names the node. Denied.</summary>
    OptedOut,
    /// <summary>The purpose is under <c>essential</c> and cannot be opted out of: allowed.</summary>
    Essential,
    /// <summary>An approved, unexpired, unrevoked override covers this check and turned an opt-out into an allow; <see cref="Decision.OverrideId"/> names it (docs/overrides.md).</summary>
    Override,
    /// <summary>The replica holds no valid lease (or has not applied the consistency token in time), so it cannot prove it is fresh: denied (fail closed).</summary>
    Unconfirmed,
    /// <summary>The purpose is not in the taxonomy: denied.</summary>
    UnknownPurpose,
    /// <summary>The subject is not a valid <c>kind:value</c> identifier: denied.</summary>
    InvalidSubject,
}
