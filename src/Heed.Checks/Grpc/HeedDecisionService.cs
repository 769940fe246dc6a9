using Google.Protobuf;
using Grpc.Core;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Protocol.V1;

namespace Heed.Checks.Grpc;

/// <summary>
/// <c>heed.v1.Decisions/CheckStream</c>: many checks per message for high-throughput callers. Each
/// <see cref="CheckBatch"/> is answered from one copy of the replica, in order, with one reason byte per
/// check (the <see cref="Core.Decisions.DecisionReason"/> values) and, for each check an override allowed, its
/// id. Hosted by <c>heed sidecar</c> over its
/// replica and by the registry over its own state, both through <see cref="IDecisionSource"/>.
/// </summary>
public sealed class HeedDecisionService : Decisions.DecisionsBase
{
    /// <summary>The most checks one batch may hold.</summary>
    public const int MaxChecksPerBatch = 100_000;

    private readonly Func<ReplicaState> _state;

    /// <summary>Answers from <paramref name="source"/>'s current copy, read once per batch.</summary>
    /// <param name="source">The decision source, e.g. the SDK's in-process replica.</param>
    public HeedDecisionService(IDecisionSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _state = () => source.Replica;
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
        var answer = new DecisionBatch { Id = batch.Id, Lsn = lsn };
        CheckBatchEvaluator.Evaluate(state, subjects, purposes, purposeIndex, reasons, answer.OverrideIds);
        answer.Reasons = UnsafeByteOperations.UnsafeWrap(reasons);
        return answer;
    }

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));
}
