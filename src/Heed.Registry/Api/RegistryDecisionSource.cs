using Heed.Checks;
using Heed.Core.Decisions;
using Heed.Core.Replicas;
using Heed.Registry.Hosting;
using Heed.Registry.State;

namespace Heed.Registry.Api;

/// <summary>
/// The registry's own state as a decision source, so it serves the check API through the same handlers
/// as every enforcement point. It needs no lease; a consistency token waits at most
/// <see cref="RegistryOptions.TokenWait"/> for the registry to apply it.
/// </summary>
public sealed class RegistryDecisionSource(RegistryState state, LsnWatch watch, RegistryOptions options, TimeProvider time) : IDecisionSource
{
    public ReplicaState Replica => state.Replica;

    public Decision Check(ReadOnlySpan<char> subject, ReadOnlySpan<char> purpose) => state.Replica.Check(subject, purpose);

    public async ValueTask<Decision> CheckAsync(string subject, string purpose, long consistencyToken, CancellationToken cancellationToken = default)
    {
        if (consistencyToken > state.Head && !await watch.WaitAsync(consistencyToken, options.TokenWait, time, cancellationToken))
        {
            return new Decision(DecisionReason.Unconfirmed, state.Head);
        }

        return state.Replica.Check(subject, purpose);
    }
}
