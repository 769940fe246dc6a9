using Heed.Core.Decisions;
using Heed.Core.Replicas;

namespace Heed.Client;

/// <summary>
/// Answers "may this subject's data be used for this purpose?" from the in-process replica.
/// Fails closed: without a valid lease from the registry every check answers
/// <see cref="DecisionReason.Unconfirmed"/>, which is not allowed.
/// </summary>
public interface IHeedEnforcer
{
    /// <summary>True while the replica holds a valid lease and has applied what the lease requires.</summary>
    bool IsFresh { get; }

    /// <summary>The highest ledger LSN whose changes the replica has applied.</summary>
    long AppliedLsn { get; }

    /// <summary>Connection and lease state, with the last error (for example a protocol refusal).</summary>
    HeedStatus Status { get; }

    /// <summary>The replica copy checks answer from right now. It is replaced as a whole when a snapshot
    /// loads, so read it once per batch of checks. For hosts of the decision service.</summary>
    ReplicaState Replica { get; }

    /// <summary>Completes once the replica is fresh (<see cref="IsFresh"/>), at once if it already is. Woken by
    /// the replica's own events (a grant, an applied change), not by polling. For hosts that would rather
    /// wait than answer <see cref="DecisionReason.Unconfirmed"/>, such as a queue relay.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    ValueTask WaitUntilFreshAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks a subject (<c>kind:value</c>) against a purpose. No I/O, no allocation.</summary>
    /// <param name="subject">The subject identifier, e.g. <c>user:8812</c>; normalized before lookup.</param>
    /// <param name="purpose">A purpose of the taxonomy, e.g. <c>marketing.communications.email</c>.</param>
    /// <returns>The decision; see <see cref="Decision.Allowed"/> and <see cref="Decision.Reason"/>.</returns>
    Decision Check(ReadOnlySpan<char> subject, ReadOnlySpan<char> purpose);

    /// <summary>
    /// Checks after the replica has applied <paramref name="consistencyToken"/> (an LSN from a write
    /// response), waiting at most <see cref="HeedOptions.TokenWait"/>; if it has not by then the answer is
    /// <see cref="DecisionReason.Unconfirmed"/>. Completes synchronously when the token is already applied.
    /// </summary>
    /// <param name="subject">The subject identifier.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="consistencyToken">The LSN the answer must reflect; 0 or less means none.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    ValueTask<Decision> CheckAsync(string subject, string purpose, long consistencyToken, CancellationToken cancellationToken = default);
}
