using Heed.Core.Decisions;
using Heed.Core.Replicas;

namespace Heed.Client.Tests.Infrastructure;

/// <summary>
/// Passes every call to a real enforcer and reports when a check that waits for a consistency token
/// starts, so a test can change the replica while the check is provably waiting (no sleep, no race).
/// </summary>
public sealed class WatchedEnforcer(IHeedEnforcer inner) : IHeedEnforcer
{
    private readonly TaskCompletionSource<long> _tokenCheckStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the token of the first <see cref="CheckAsync"/> call.</summary>
    public Task<long> TokenCheckStarted => _tokenCheckStarted.Task;

    public bool IsFresh => inner.IsFresh;

    public long AppliedLsn => inner.AppliedLsn;

    public HeedStatus Status => inner.Status;

    public ReplicaState Replica => inner.Replica;

    public ValueTask WaitUntilFreshAsync(CancellationToken cancellationToken = default) => inner.WaitUntilFreshAsync(cancellationToken);

    public ValueTask WaitUntilStaleAsync(CancellationToken cancellationToken = default) => inner.WaitUntilStaleAsync(cancellationToken);

    public Decision Check(ReadOnlySpan<char> subject, ReadOnlySpan<char> purpose) => inner.Check(subject, purpose);

    public ValueTask<Decision> CheckAsync(string subject, string purpose, long consistencyToken, CancellationToken cancellationToken = default)
    {
        ValueTask<Decision> decision = inner.CheckAsync(subject, purpose, consistencyToken, cancellationToken);
        // After the inner call has tested the token: a change the test makes from here on happens while
        // the check is waiting (or after it answered, if the token was already applied).
        _tokenCheckStarted.TrySetResult(consistencyToken);
        return decision;
    }
}
