using Grpc.Core;
using Heed.Client.Grpc;
using Heed.Protocol.V1;
using Heed.Registry.State;

namespace Heed.Registry.Replication;

/// <summary><c>heed.v1.Decisions/CheckStream</c> on the registry: the sidecar's service over the registry's own state, behind a key.</summary>
public sealed class RegistryDecisionService(RegistryState state) : Decisions.DecisionsBase
{
    private readonly HeedDecisionService _inner = new(state.Replica);

    public override Task CheckStream(IAsyncStreamReader<CheckBatch> requestStream, IServerStreamWriter<DecisionBatch> responseStream, ServerCallContext context)
    {
        GrpcKeyAuthorization.RequireEnforcer(state, context, "check");
        return _inner.CheckStream(requestStream, responseStream, context);
    }
}
