using Heed.Checks;
using Heed.Core.Decisions;

namespace Heed.Client;

/// <summary>
/// Answers "may this subject's data be used for this purpose?" from the in-process replica.
/// Fails closed: without a valid lease from the registry every check answers
/// <see cref="DecisionReason.Unconfirmed"/>, which is not allowed. The checks themselves
/// (<see cref="IDecisionSource.Check"/>, <see cref="IDecisionSource.CheckAsync"/>, <see cref="IDecisionSource.Replica"/>)
/// are declared by <see cref="IDecisionSource"/>, the view the check API is served over; a token waits at
/// most <see cref="HeedOptions.TokenWait"/>.
/// </summary>
public interface IHeedEnforcer : IDecisionSource
{
    /// <summary>True while the replica holds a valid lease and has applied what the lease requires.</summary>
    bool IsFresh { get; }

    /// <summary>The highest ledger LSN whose changes the replica has applied.</summary>
    long AppliedLsn { get; }

    /// <summary>Connection and lease state, with the last error (for example a protocol refusal).</summary>
    HeedStatus Status { get; }

    /// <summary>Completes once the replica is fresh (<see cref="IsFresh"/>), at once if it already is. Woken by
    /// the replica's own events (a grant, an applied change), not by polling. For hosts that would rather
    /// wait than answer <see cref="DecisionReason.Unconfirmed"/>, such as a queue relay.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    ValueTask WaitUntilFreshAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes once the replica can no longer prove it is fresh (its lease ended or the stream
    /// broke), at once if it already cannot. Woken by the replica's events and by the moment the current
    /// lease runs out, not by polling. For readiness probes and hosts that pause when stale.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    ValueTask WaitUntilStaleAsync(CancellationToken cancellationToken = default);
}
