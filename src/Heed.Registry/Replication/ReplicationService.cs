using Google.Protobuf;
using Grpc.Core;
using Heed.Core.Replicas;
using Heed.Protocol;
using Heed.Protocol.V1;
using Heed.Registry.Hosting;
using Heed.Registry.Keys;
using Heed.Registry.Monitoring;
using Heed.Registry.Overrides;
using Heed.Registry.State;
using Heed.Storage.Ledger;
using Microsoft.Extensions.Logging;

namespace Heed.Registry.Replication;

/// <summary>
/// <c>heed.v1.Replication/Sync</c>: hello and welcome, a snapshot or a backlog, then changes in LSN order,
/// with lease requests, grants and acks on the same stream (docs/replication.md).
/// </summary>
public sealed partial class ReplicationService(
    RegistryState state,
    ChangeLog changes,
    LeaseCoordinator leases,
    StoreOwnership ownership,
    ILedgerStore store,
    RegistryOptions options,
    OverrideDecisions decisions,
    ProtocolMinimum minimum,
    DecisionTally tally,
    TimeProvider time,
    ILogger<ReplicationService> logger) : Heed.Protocol.V1.Replication.ReplicationBase
{
    private const int SnapshotChunk = 65_536;
    private static readonly string RegistryId = Guid.NewGuid().ToString("N");

    public override async Task Sync(IAsyncStreamReader<ReplicaMessage> requestStream, IServerStreamWriter<RegistryMessage> responseStream, ServerCallContext context)
    {
        ApiKey key = Authorize(context);
        RefuseUnlessOwner();
        CancellationToken cancel = context.CancellationToken;
        if (!await requestStream.MoveNext(cancel) || requestStream.Current.BodyCase != ReplicaMessage.BodyOneofCase.Hello)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message of a Sync stream must be Hello"));
        }

        Hello hello = requestStream.Current.Hello;
        if (minimum.Refusal(hello.ProtocolVersion) is { } refusal)
        {
            Log.Refused(logger, Clip(hello.ReplicaId), refusal);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, refusal));
        }

        var info = new ReplicaInfo(Clip(hello.ReplicaId), Clip(hello.Kind), Clip(hello.Service), hello.ProtocolVersion, Clip(hello.SoftwareVersion));
        string? otherHistory = await OtherHistoryAsync(hello, cancel);
        if (otherHistory is not null)
        {
            Log.OtherHistory(logger, info.ReplicaId, hello.AppliedLsn, otherHistory);
        }

        var session = new ReplicaSession(maxQueued: 100_000);
        CatchUp catchUp = changes.Subscribe(hello.AppliedLsn, otherHistory is null, session);
        ReplicaLease lease = leases.Open(info, catchUp.NeedsSnapshot ? 0 : hello.AppliedLsn);
        Log.Connected(logger, info.ReplicaId, info.Kind, info.Service, hello.AppliedLsn, catchUp.Head, catchUp.NeedsSnapshot);

        // Revoking the key, or raising the minimum protocol version above the replica's, ends the stream:
        // the replica stops getting leases and fails closed within one.
        CancellationToken revoked = state.Keys.WhenRevoked(key.Id);
        CancellationToken outdated = minimum.WhenAbove(info.ProtocolVersion);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancel, revoked, outdated);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancel);

        // Until a replica that takes a snapshot acks it, the applied LSN in its lease requests is that of
        // the copy it had before, maybe from another history (a restore): counting it as applied here
        // could acknowledge writes it has not seen. Its acks come only after applying what this stream sent.
        bool claimsCount = !catchUp.NeedsSnapshot;
        Task writer = WriteAsync(responseStream, session, catchUp, done.Token);
        try
        {
            while (await requestStream.MoveNext(reading.Token))
            {
                ReplicaMessage message = requestStream.Current;
                switch (message.BodyCase)
                {
                    case ReplicaMessage.BodyOneofCase.LeaseRequest:
                        RefuseUnlessOwner();
                        LeaseGrant grant = Grant(lease, message.LeaseRequest, claimsCount, info);

                        // Looked at after granting: the writer applies a setting before it moves the head, so a
                        // grant that requires the LSN of a raise (or later) is never sent to a replica it refuses.
                        // The token below ends the stream.
                        if (minimum.Refusal(info.ProtocolVersion) is null)
                        {
                            session.Post(grant);
                        }

                        break;
                    case ReplicaMessage.BodyOneofCase.Ack:
                        claimsCount = true;
                        leases.Ack(lease, message.Ack.AppliedLsn);
                        break;
                }

                if (writer.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException || (ex is RpcException rpc && rpc.StatusCode == StatusCode.Cancelled))
        {
            // The replica went away; its lease runs out on its own.
        }
        finally
        {
            changes.Unsubscribe(session);
            leases.Close(lease);
            session.Complete();
            try
            {
                // After a revoke or a raised minimum the writer drains what is queued and stops, so the
                // stream ends with the status below; cancelling it mid-write would reset the stream
                // instead. Otherwise the replica is gone and there is nothing to drain.
                if (!(revoked.IsCancellationRequested || outdated.IsCancellationRequested) || cancel.IsCancellationRequested)
                {
                    await done.CancelAsync();
                }

                await writer.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
            catch (TimeoutException)
            {
                await done.CancelAsync();
                await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception ex)
            {
                Log.StreamEnded(logger, info.ReplicaId, ex);
            }
        }

        if (revoked.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            Log.KeyRevoked(logger, info.ReplicaId, key.Id);
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"the key '{key.Id}' was revoked"));
        }

        if (outdated.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            // (Null only if the minimum was lowered again since; the stream ends all the same.)
            string refused = minimum.Refusal(info.ProtocolVersion) ?? $"the registry's minimum protocol version rose above this replica's {info.ProtocolVersion}; reconnect";
            Log.Outdated(logger, info.ReplicaId, refused);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, refused));
        }
    }

    /// <summary>
    /// Grants the lease a request asks for. Override times are taken at the moment the request was received,
    /// like the lease: the replica counts both from when it sent the request, which was earlier.
    /// </summary>
    private LeaseGrant Grant(ReplicaLease lease, LeaseRequest request, bool claimsCount, ReplicaInfo info)
    {
        DateTimeOffset receivedAt = time.GetUtcNow();
        decisions.Report(info.ReplicaId, request.OverrideCounts);
        tally.Report(info, request, receivedAt);
        long required = leases.Grant(lease, claimsCount ? request.AppliedLsn : 0, new ReplicaMemory(request.Records, request.TableBytes));
        var grant = new LeaseGrant { Seq = request.Seq, LeaseMs = (long)leases.Lease.TotalMilliseconds, RequiredLsn = required };
        OverrideMessages.AddTimes(grant, state.Overrides, receivedAt);
        return grant;
    }

    /// <summary>
    /// Null when the replica follows this ledger's history up to its applied LSN; otherwise why not. The
    /// ledger id tells a replaced data directory; the chain hash at the replica's LSN tells a restore (the
    /// same id, but the entries since the backup are others). A replica ahead of the ledger follows some
    /// other history too. Entries never change once written, so the answer holds however the head moves.
    /// </summary>
    private async Task<string?> OtherHistoryAsync(Hello hello, CancellationToken cancel)
    {
        if (hello.AppliedLsn <= 0)
        {
            return null;
        }

        if (hello.LedgerId != state.LedgerId)
        {
            return hello.LedgerId.Length == 0 ? "it names no ledger" : $"it follows ledger {Clip(hello.LedgerId)}, not {state.LedgerId}";
        }

        IReadOnlyList<LedgerEntry> at = await store.ReadAfterAsync(hello.AppliedLsn - 1, 1, cancel);
        if (at.Count == 0 || at[0].Lsn != hello.AppliedLsn)
        {
            return "it is ahead of this ledger";
        }

        return hello.ChainHash.Span.SequenceEqual(at[0].Hash) ? null : "its chain hash differs at that LSN";
    }

    private async Task WriteAsync(IServerStreamWriter<RegistryMessage> stream, ReplicaSession session, CatchUp catchUp, CancellationToken cancel)
    {
        var welcome = new Welcome
        {
            RegistryId = RegistryId,
            ProtocolVersion = ProtocolVersions.Current,
            HeadLsn = catchUp.Head,
            SnapshotFollows = catchUp.NeedsSnapshot,
            LedgerId = state.LedgerId,
            LeaseMs = (long)options.Lease.TotalMilliseconds,
            HeartbeatMs = (long)options.Heartbeat.TotalMilliseconds,
            Schemas = catchUp.Schemas,
            // At least as new as the head: the taxonomy only grows, so it answers for every LSN up to it.
            Taxonomy = TaxonomyMessages.From(state.Taxonomy),
        };
        foreach (Heed.Core.Purposes.Purpose p in state.Taxonomy.All.Where(p => p.Bit >= 0).OrderBy(p => p.Bit))
        {
            while (welcome.Purposes.Count < p.Bit)
            {
                welcome.Purposes.Add(string.Empty);
            }

            welcome.Purposes.Add(p.Name);
        }

        await stream.WriteAsync(new RegistryMessage { Welcome = welcome }, cancel);
        if (catchUp.NeedsSnapshot)
        {
            await WriteSnapshotAsync(stream, catchUp, cancel);
        }

        foreach (ChangeBatch batch in catchUp.Backlog)
        {
            await stream.WriteAsync(new RegistryMessage { Changes = batch }, cancel);
        }

        await foreach (RegistryMessage message in session.Outgoing.ReadAllAsync(cancel))
        {
            session.Dequeued();
            await stream.WriteAsync(message, cancel);
        }
    }

    private async Task WriteSnapshotAsync(IServerStreamWriter<RegistryMessage> stream, CatchUp catchUp, CancellationToken cancel)
    {
        long lsn = catchUp.Head;
        ReplicaTable.Scanner scanner = state.Replica.Table.Scan();
        long total = state.Replica.Table.Count; // live subjects only: cleared slots are not shipped
        ulong[] keys = new ulong[SnapshotChunk];
        ulong[] masks = new ulong[SnapshotChunk];
        while (true)
        {
            int n = scanner.Read(keys, masks);
            var chunk = new SnapshotChunk { Lsn = lsn, Total = total, Last = n < SnapshotChunk };
            if (chunk.Last)
            {
                chunk.ChainHash = catchUp.HeadHash;
                chunk.Overrides = catchUp.Overrides;
            }

            SlotMasks.AppendScanned(chunk, keys.AsSpan(0, n), masks.AsSpan(0, n), state.Replica.Table);
            await stream.WriteAsync(new RegistryMessage { Snapshot = chunk }, cancel);
            if (chunk.Last)
            {
                return;
            }
        }
    }

    /// <summary>A registry that cannot prove it is its store's one registry grants nothing; the replica's lease runs out and it fails closed.</summary>
    private void RefuseUnlessOwner()
    {
        if (ownership.LostReason is { } lost)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"this registry grants no leases: it no longer holds the lock on its data directory ({lost})"));
        }
    }

    private ApiKey Authorize(ServerCallContext context) => GrpcKeyAuthorization.RequireEnforcer(state, context, "replicate");

    private static string Clip(string value) => value.Length <= 128 ? value : value[..128];
}
