using Google.Protobuf;
using Grpc.Core;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Client.Grpc;

/// <summary>
/// <c>heed.v1.Decisions/CheckStream</c>: many checks per message for high-throughput callers. Each
/// <see cref="CheckBatch"/> is answered from one copy of the replica, in order, with one reason byte per
/// check (the <see cref="Core.Decisions.DecisionReason"/> values). Hosted by <c>heed sidecar</c>; the
/// registry can host it over its own state with <see cref="HeedDecisionService(ReplicaState)"/>.
/// </summary>
public sealed class HeedDecisionService : Decisions.DecisionsBase
{
    /// <summary>The most checks one batch may hold.</summary>
    public const int MaxChecksPerBatch = 100_000;

    private readonly Func<ReplicaState> _state;

    /// <summary>Answers from the in-process replica of <paramref name="enforcer"/>.</summary>
    /// <param name="enforcer">The replica.</param>
    [ActivatorUtilitiesConstructor]
    public HeedDecisionService(IHeedEnforcer enforcer)
    {
        ArgumentNullException.ThrowIfNull(enforcer);
        _state = () => enforcer.Replica;
    }

    /// <summary>Answers from a fixed state, e.g. the registry's own (which needs no lease).</summary>
    /// <param name="state">The state to answer from.</param>
    public HeedDecisionService(ReplicaState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = () => state;
    }

    /// <inheritdoc />
    public override async Task CheckStream(IAsyncStreamReader<CheckBatch> requestStream, IServerStreamWriter<DecisionBatch> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            DecisionBatch answer = Answer(_state(), requestStream.Current);
            await responseStream.WriteAsync(answer, context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Answers one batch. Malformed batches end the call with InvalidArgument naming the problem.</summary>
    internal static DecisionBatch Answer(ReplicaState state, CheckBatch batch)
    {
        ReadOnlySpan<byte> subjects = batch.Subjects.Span;
        ReadOnlySpan<byte> purposeIndex = batch.PurposeIndex.Span;
        int count = CheckBatchEvaluator.Count(subjects);
        if (count != purposeIndex.Length)
        {
            throw Invalid($"batch {batch.Id} has {count} subjects but {purposeIndex.Length} purpose indexes; each check needs one of each");
        }

        if (count > MaxChecksPerBatch)
        {
            throw Invalid($"batch {batch.Id} has {count} checks; at most {MaxChecksPerBatch}");
        }

        if (batch.Purposes.Count > byte.MaxValue + 1)
        {
            throw Invalid($"batch {batch.Id} names {batch.Purposes.Count} purposes; a one-byte index reaches at most 256");
        }

        // Resolve each named purpose once per batch, not once per check.
        PurposeTaxonomy taxonomy = state.Taxonomy;
        var purposes = new Purpose?[batch.Purposes.Count];
        for (int p = 0; p < purposes.Length; p++)
        {
            purposes[p] = taxonomy.TryGet(batch.Purposes[p], out Purpose purpose) ? purpose : null;
        }

        long lsn = state.AppliedLsn;
        byte[] reasons = new byte[count];
        CheckBatchEvaluator.Evaluate(state, subjects, purposes, purposeIndex, reasons);
        return new DecisionBatch { Id = batch.Id, Lsn = lsn, Reasons = UnsafeByteOperations.UnsafeWrap(reasons) };
    }

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));
}
