using Heed.Client;
using Heed.Core.Decisions;
using Heed.Core.Replicas;

namespace Heed.Relay.Tests.Infrastructure;

/// <summary>An <see cref="IHeedEnforcer"/> over a hand-built replica state, for judging messages without a registry.</summary>
public sealed class StateEnforcer(ReplicaState state) : IHeedEnforcer
{
    public ReplicaState Replica => state;

    public bool IsFresh => state.IsFresh;

    public long AppliedLsn => state.AppliedLsn;

    public HeedStatus Status => new(true, IsFresh, AppliedLsn, null, null, null);

    public Decision Check(ReadOnlySpan<char> subject, ReadOnlySpan<char> purpose) => state.Check(subject, purpose);

    public ValueTask<Decision> CheckAsync(string subject, string purpose, long consistencyToken, CancellationToken cancellationToken = default) =>
        new(state.Check(subject, purpose));

    public ValueTask WaitUntilFreshAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask WaitUntilStaleAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
