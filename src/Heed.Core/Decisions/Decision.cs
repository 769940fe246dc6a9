using Heed.Core.Purposes;

namespace Heed.Core.Decisions;

/// <summary>The answer to a check. A denial is a decision, not an exception.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Lsn">The replica's applied LSN when it answered.</param>
/// <param name="Matched">For <see cref="DecisionReason.OptedOut"/>, and <see cref="DecisionReason.Override"/>: the node whose opt-out denied (or would have).</param>
/// <param name="OverrideId">For <see cref="DecisionReason.Override"/>: the id of the override that allowed.</param>
public readonly record struct Decision(DecisionReason Reason, long Lsn, Purpose? Matched = null, string? OverrideId = null)
{
    /// <summary>True for <see cref="DecisionReason.Allowed"/>, <see cref="DecisionReason.Essential"/> and
    /// <see cref="DecisionReason.Override"/>; every other reason denies.</summary>
    public bool Allowed => DecisionReasons.IsAllow(Reason);
}
