using Grpc.Core;
using Heed.Checks.Grpc;
using Heed.Protocol.V1;
using Heed.Registry.Api;
using Heed.Registry.Keys;
using Heed.Registry.State;

namespace Heed.Registry.Replication;

/// <summary><c>heed.v1.Decisions/CheckStream</c> on the registry: the sidecar's service over the registry's own state, behind a key.</summary>
public sealed class RegistryDecisionService(RegistryState state, RegistryDecisionSource source) : Decisions.DecisionsBase
{
    private readonly HeedDecisionService _inner = new(source);

    public override async Task CheckStream(IAsyncStreamReader<CheckBatch> requestStream, IServerStreamWriter<DecisionBatch> responseStream, ServerCallContext context)
    {
        ApiKey key = GrpcKeyAuthorization.RequireEnforcer(state, context, "check");
        Task checks = _inner.CheckStream(requestStream, responseStream, context);
        try
        {
            // A stream authenticates once, when it opens; revoking the key must still end it.
            await checks.WaitAsync(state.Keys.WhenRevoked(key.Id));
        }
        catch (OperationCanceledException) when (!checks.IsCompleted && !context.CancellationToken.IsCancellationRequested)
        {
            // The inner loop fails on its next read or write once the call has ended; nothing to report.
            _ = checks.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"the key '{key.Id}' was revoked"));
        }
    }
}
