using Heed.Core.Decisions;
using Heed.Core.Replicas;

namespace Heed.Checks;

/// <summary>
/// What checks are answered from: the registry's own state, or an enforcement point's replica (the SDK's
/// <c>IHeedEnforcer</c>). The check API is written once over this, so every host answers alike.
/// </summary>
public interface IDecisionSource
{
    /// <summary>The replica copy checks answer from right now. It is replaced as a whole when a snapshot
    /// loads, so read it once per batch of checks.</summary>
    ReplicaState Replica { get; }

    /// <summary>Checks a subject (<c>kind:value</c>) against a purpose. No I/O, no allocation.</summary>
    /// <param name="subject">The subject identifier, e.g. <c>user:8812</c>; normalized before lookup.</param>
    /// <param name="purpose">A purpose of the taxonomy, e.g. <c>marketing.communications.email</c>.</param>
    /// <returns>The decision; see <see cref="Decision.Allowed"/> and <see cref="Decision.Reason"/>.</returns>
    Decision Check(ReadOnlySpan<char> subject, ReadOnlySpan<char> purpose);

    /// <summary>
    /// Checks after the source has applied <paramref name="consistencyToken"/> (an LSN from a write
    /// response), waiting a bounded time; if it has not by then the answer is
    /// <see cref="DecisionReason.Unconfirmed"/>. Completes synchronously when the token is already applied.
    /// </summary>
    /// <param name="subject">The subject identifier.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="consistencyToken">The LSN the answer must reflect; 0 or less means none.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The decision.</returns>
    ValueTask<Decision> CheckAsync(string subject, string purpose, long consistencyToken, CancellationToken cancellationToken = default);
}
